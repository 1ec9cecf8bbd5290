package dev.altus.compute.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.common.context.RequestContext;
import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.common.error.ApiException;
import dev.altus.compute.model.ServerGroup;
import dev.altus.compute.store.ServerGroupStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server group rules with a quota double, including concurrent creates and member adds. */
class ServerGroupServiceTest {
  private Database db;
  private ServerGroupService service;
  private final RequestContext ctx = new RequestContext("u1", "u", "default", "p1", "p",
      "default", null, false, Set.of("member", "reader"), Set.of(), "t",
      Instant.now().plusSeconds(600), List.of(), null, null);

  @BeforeEach
  void start() {
    db = new Database(DatabaseConfig.inMemory("sg-" + UUID.randomUUID()))
        .migrate(List.of("compute"));
    QuotaLimits quotas = (project, user) -> Map.of("server_groups", 3, "server_group_members", 4);
    service = new ServerGroupService(new ServerGroupStore(db.jdbi()), quotas, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    db.close();
  }

  private static <T> int successes(List<Callable<T>> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      int ok = 0;
      List<Future<T>> futures = new ArrayList<>();
      for (var w : work) {
        futures.add(pool.submit(w));
      }
      for (var f : futures) {
        try {
          f.get();
          ok++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOfSatisfying(ApiException.class,
              a -> assertThat(a.status()).isEqualTo(403));
        }
      }
      return ok;
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void concurrentCreatesStayWithinTheProjectsQuota() throws Exception {
    List<Callable<ServerGroup>> work = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String name = "g" + i;
      work.add(() -> service.create(ctx, name, "affinity", null));
    }
    int ok = successes(work);
    assertThat(ok).isPositive().isLessThanOrEqualTo(3);
    assertThat(service.list("p1")).hasSize(ok);
  }

  @Test
  void concurrentMemberAddsStayWithinTheGroupsQuota() throws Exception {
    ServerGroup g = service.create(ctx, "g", "anti-affinity", 2);
    List<Callable<Void>> work = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String server = UUID.randomUUID().toString();
      work.add(() -> {
        service.addMember(ctx, g.id(), server);
        return null;
      });
    }
    int ok = successes(work);
    assertThat(ok).isPositive().isLessThanOrEqualTo(4);
    assertThat(service.get(ctx, g.id()).members()).hasSize(ok);
  }

  @Test
  void rulesBelongToAntiAffinityOnly() {
    assertThatThrownBy(() -> service.create(ctx, "g", "affinity", 2))
        .isInstanceOf(ApiException.class).hasMessage("Only anti-affinity policy supports rules.");
    assertThatThrownBy(() -> service.create(ctx, "g", "spread", null))
        .isInstanceOf(ApiException.class);
    assertThat(service.create(ctx, "g", "soft-affinity", null).policy())
        .isEqualTo("soft-affinity");
    assertThat(service.find(ctx, service.list("p1").get(0).id()).orElseThrow().rules()).isEmpty();
  }
}
