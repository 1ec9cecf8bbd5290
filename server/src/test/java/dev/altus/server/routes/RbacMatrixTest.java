package dev.altus.server.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.http.Router;
import dev.altus.server.AllInOne;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route of every service, tried by each caller (anonymous, member of B, reader of A, member
 * of A, admin) against project A's resources; the answers must be the ones written in
 * {@code docs/rbac/<service>.csv}, and that table must keep the rules: no 5xx, anonymous gets 401
 * except on routes marked public, a reader never writes, project B's member never reads or writes
 * project A's resources (nor sees their ids in any answer), unless a row's note says why. A route
 * without a row fails the test, so every new route is classified. {@code -Drbac.record=true}
 * rewrites the tables from the answers (notes and public marks kept) for review.
 */
class RbacMatrixTest {
  static TestCloud cloud;

  @BeforeAll
  static void start() throws Exception {
    cloud = new TestCloud();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void everyRouteAnswersEachCallerAsItsServicesTableSays() throws Exception {
    boolean record = Boolean.getBoolean("rbac.record");
    List<String> problems = new ArrayList<>();
    Map<String, List<Router.RouteInfo>> byService = new LinkedHashMap<>();
    Map<String, RbacTable> tables = new LinkedHashMap<>();
    Map<String, Map<String, RbacTable.Row>> seen = new LinkedHashMap<>();
    Map<String, Router> routers = new LinkedHashMap<>();
    for (AllInOne.Api api : cloud.cloud.apis()) {
      routers.put(api.name(), api.router());
      byService.put(api.name(), Routes.of(api.router()));
      tables.put(api.name(), RbacTable.read(table(api.name())));
      seen.put(api.name(), new LinkedHashMap<>());
    }
    // reads and writes first, in route order; deletes last (identity's last of all, since they
    // take away the callers' own projects and users), so each route meets project A's resources
    List<String[]> order = new ArrayList<>();
    for (var e : byService.entrySet()) {
      for (Router.RouteInfo r : e.getValue()) {
        if (!r.method().equals("DELETE")) {
          order.add(new String[] {e.getKey(), r.method(), r.template()});
        }
      }
    }
    List<String> services = new ArrayList<>(byService.keySet());
    java.util.Collections.reverse(services);
    services.remove("identity");
    services.add("identity");
    for (String s : services) {
      List<Router.RouteInfo> rs = new ArrayList<>(byService.get(s));
      java.util.Collections.reverse(rs);
      for (Router.RouteInfo r : rs) {
        if (r.method().equals("DELETE")) {
          order.add(new String[] {s, r.method(), r.template()});
        }
      }
    }
    int calls = 0;
    for (String[] o : order) {
      String service = o[0];
      String method = o[1];
      String template = o[2];
      RbacTable table = tables.get(service);
      RbacTable.Row expected = table.row(method, template);
      Map<String, Integer> got = new LinkedHashMap<>();
      for (String caller : TestCloud.CALLERS) {
        var req = RbacRequests.build(service, method, template, caller, cloud);
        TestCloud.Response r = cloud.send(service, method, req.path(), req.body(), req.type(),
            cloud.tokens.get(caller), req.headers());
        calls++;
        got.put(caller, r.status());
        String where = service + " " + method + " " + template + " as " + caller + " -> "
            + r.status();
        if (method.equals("DELETE") && r.status() / 100 == 2 && !caller.equals("admin")) {
          awaitGone(service, template);
        }
        boolean noted = expected != null && !expected.note().isEmpty();
        boolean isPublic = routers.get(service).isPublic(method, template);
        if (r.status() >= 500 && !(r.status() == 501 && noted)) {
          problems.add(where + ": server error " + abbreviate(r.body()));
        }
        if (caller.equals("anonymous") && !isPublic && r.status() != 401) {
          problems.add(where + ": anonymous must get 401 on a route not marked public");
        }
        if (caller.equals("reader_a") && Routes.writes(method) && r.status() / 100 == 2 && !noted) {
          problems.add(where + ": a reader wrote (a note must say why this is allowed)");
        }
        if (caller.equals("member_b") && r.status() / 100 == 2 && !noted) {
          boolean pathOfA = cloud.privateToA.stream().anyMatch(id -> req.path().contains(id));
          if (pathOfA) {
            problems.add(where + ": member of B reached a resource of project A");
          } else if (!Routes.writes(method)) {
            for (String id : cloud.privateToA) {
              if (r.body().contains(id)) {
                problems.add(where + ": member of B was shown " + id + " of project A");
              }
            }
          }
        }
      }
      boolean open = routers.get(service).isPublic(method, template);
      RbacTable.Row actual = new RbacTable.Row(method, template, got, open,
          expected == null ? "" : expected.note());
      if (expected != null && expected.isPublic() != open) {
        problems.add(service + " " + method + " " + template + ": the table says public="
            + expected.isPublic() + ", the route table says " + open);
      }
      seen.get(service).put(method + " " + template, actual);
      if (expected == null) {
        problems.add(service + " " + method + " " + template + ": no row in docs/rbac/" + service
            + ".csv (classify the new route)");
      } else if (!expected.statuses().equals(got)) {
        problems.add(service + " " + method + " " + template + ": expected " + expected.statuses()
            + " but got " + got);
      }
    }
    for (var e : tables.entrySet()) {
      for (String key : e.getValue().keys()) {
        if (!seen.get(e.getKey()).containsKey(key)) {
          problems.add(e.getKey() + " " + key + ": row for a route that does not exist");
        }
      }
      if (record) {
        RbacTable.write(table(e.getKey()), byService.get(e.getKey()), seen.get(e.getKey()));
      }
    }
    System.out.println("RBAC matrix: " + order.size() + " routes, " + calls + " calls");
    if (record) {
      problems.removeIf(p -> p.contains("expected ") || p.contains("no row in")
          || p.contains("does not exist") || p.contains("the table says public"));
    }
    assertThat(problems).as("RBAC matrix (" + order.size() + " routes, " + calls + " calls)").isEmpty();
  }

  /**
   * Waits (bounded) until an accepted delete has taken effect, as the admin sees it, so the next
   * caller meets the same state on every machine: some deletes finish after the answer (a
   * server's guest is removed by its host's agent, a volume's file by the volume worker), and
   * whether the admin's delete after the member's finds a resource still being deleted or none
   * must not depend on how fast the machine is.
   */
  private static void awaitGone(String service, String template) throws Exception {
    var get = RbacRequests.build(service, "GET", template, "admin", cloud);
    for (int i = 0; i < 400; i++) {
      int s = cloud.send(service, "GET", get.path(), null, null, cloud.tokens.get("admin"),
          get.headers()).status();
      if (s / 100 != 2) {
        return;
      }
      Thread.sleep(25);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** docs/rbac/SERVICE.csv from the repository's root (tests run in server/). */
  static Path table(String service) {
    Path p = Path.of("..", "docs", "rbac", service + ".csv");
    return Files.isDirectory(Path.of("..", "docs")) ? p : Path.of("docs", "rbac", service + ".csv");
  }
}
