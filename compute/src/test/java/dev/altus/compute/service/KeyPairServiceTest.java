package dev.altus.compute.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.common.error.ApiException;
import dev.altus.compute.store.KeyPairStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key pair rules with a quota double: limits per user, and never over them under concurrency. */
class KeyPairServiceTest {
  private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINMcHBRhKIsHfC2r9AGNEY"
      + "WnYMo7nnoHilXbgNl/hkDv ed@test";

  private Database db;
  private final AtomicInteger limit = new AtomicInteger(2);
  private KeyPairService service;

  @BeforeEach
  void start() {
    db = new Database(DatabaseConfig.inMemory("kp-" + UUID.randomUUID()))
        .migrate(List.of("compute"));
    QuotaLimits quotas = (project, user) -> Map.of("key_pairs", limit.get());
    service = new KeyPairService(new KeyPairStore(db.jdbi()), quotas, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    db.close();
  }

  @Test
  void theLimitCountsTheUsersPairsAndMinusOneMeansNone() {
    service.create("p", "u1", "a", "ssh", KEY);
    service.create("p", "u1", "b", "ssh", KEY);
    assertThatThrownBy(() -> service.create("p", "u1", "c", "ssh", KEY))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessage("Quota exceeded, too many key pairs.");
    assertThat(service.list("u1")).hasSize(2);
    service.create("p", "u2", "a", "ssh", KEY);
    limit.set(-1);
    for (int i = 0; i < 5; i++) {
      service.create("p", "u1", "more" + i, "ssh", KEY);
    }
    assertThat(service.list("u1")).hasSize(7);
    limit.set(0);
    assertThatThrownBy(() -> service.create("p", "u3", "a", "ssh", KEY))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void concurrentCreatesNeverGoOverTheLimit() throws Exception {
    limit.set(3);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String name = "race" + i;
      results.add(pool.submit(() -> {
        try {
          service.create("p", "racer", name, "ssh", KEY);
          return true;
        } catch (ApiException e) {
          assertThat(e.status()).isEqualTo(403);
          return false;
        }
      }));
    }
    int ok = 0;
    for (var f : results) {
      ok += f.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(service.list("racer")).hasSize(ok).hasSizeLessThanOrEqualTo(3);
    assertThat(ok).isPositive();
  }

  @Test
  void theLookupFindsAUsersPairByName() {
    service.create("p", "u1", "web", "ssh", KEY);
    assertThat(service.find("u1", "web")).hasValueSatisfying(k -> {
      assertThat(k.type()).isEqualTo("ssh");
      assertThat(k.publicKey()).isEqualTo(KEY);
      assertThat(k.fingerprint()).isEqualTo("38:58:d8:37:4d:4d:21:fe:72:89:ed:b2:5c:4a:06:00");
    });
    assertThat(service.find("u2", "web")).isEmpty();
    assertThat(service.find("u1", "nope")).isEmpty();
  }

  @Test
  void aRefusedKeyKeepsNothing() {
    assertThatThrownBy(() -> service.create("p", "u1", "x", "ssh", "ssh-ed25519 AAAA x"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageStartingWith("Keypair data is invalid: ");
    assertThat(service.list("u1")).isEmpty();
  }
}
