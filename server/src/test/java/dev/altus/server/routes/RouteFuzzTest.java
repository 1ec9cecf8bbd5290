package dev.altus.server.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.http.Router;
import dev.altus.server.AllInOne;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad requests to every route of every service (see {@link FuzzRequests}), as admin, member and
 * reader of project A and as nobody, over one kept-alive connection per service whose responses
 * are read strictly ({@link RawHttp}): no answer may be a 5xx (a 501 only where the RBAC table
 * says why), every error must be in the service's fault format, every response framed right, and
 * every service healthy afterwards. The CI run sends each kind of bad request once per route
 * (callers in turn) from a fixed seed; {@code -Dfuzz.rounds=N} sends every kind N times per route
 * and caller, {@code -Dfuzz.seed} changes the seed, {@code -Dfuzz.seconds} bounds the run.
 */
class RouteFuzzTest {
  static TestCloud cloud;
  static final String[] CALLERS = {"admin", "member_a", "reader_a", "anonymous"};

  @BeforeAll
  static void start() throws Exception {
    cloud = new TestCloud();
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void everyRouteSurvivesBadRequestsOverKeptAliveConnections() throws Exception {
    long seed = Long.getLong("fuzz.seed", 20261207L);
    int rounds = Integer.getInteger("fuzz.rounds", 0);
    long began = System.nanoTime();
    long deadline = began + Long.getLong("fuzz.seconds", 150L) * 1_000_000_000L;
    Map<String, List<Router.RouteInfo>> routes = new LinkedHashMap<>();
    Map<String, RbacTable> tables = new LinkedHashMap<>();
    for (AllInOne.Api api : cloud.cloud.apis()) {
      routes.put(api.name(), Routes.of(api.router()));
      tables.put(api.name(), RbacTable.read(RbacMatrixTest.table(api.name())));
    }
    // identity last, and deletes after everything else: they take the callers' resources away
    List<String> services = new ArrayList<>(routes.keySet());
    services.remove("identity");
    services.add("identity");
    List<String[]> order = new ArrayList<>();
    for (boolean deletes : new boolean[] {false, true}) {
      for (String s : services) {
        for (Router.RouteInfo r : routes.get(s)) {
          if (r.method().equals("DELETE") == deletes) {
            order.add(new String[] {s, r.method(), r.template()});
          }
        }
      }
    }
    Map<String, RawHttp> conns = new LinkedHashMap<>();
    for (String s : services) {
      conns.put(s, new RawHttp("127.0.0.1", cloud.ports.get(s)));
    }
    List<String> problems = new ArrayList<>();
    Set<String> covered = new LinkedHashSet<>();
    Map<String, Integer> perService = new LinkedHashMap<>();
    int sent = 0;
    int serverErrors = 0;
    int framing = 0;
    boolean stoppedEarly = false;
    FuzzRequests.Kind[] kinds = FuzzRequests.Kind.values();
    outer:
    for (String[] o : order) {
      String service = o[0];
      String method = o[1];
      String template = o[2];
      RbacTable.Row row = tables.get(service).row(method, template);
      boolean may501 = row != null && row.note().contains("501");
      Random rnd = new Random(seed ^ (service + method + template).hashCode());
      List<Object[]> plan = new ArrayList<>();
      if (rounds == 0) {
        for (int k = 0; k < kinds.length; k++) {
          plan.add(new Object[] {kinds[k], CALLERS[k % CALLERS.length]});
        }
      } else {
        for (int round = 0; round < rounds; round++) {
          for (FuzzRequests.Kind k : kinds) {
            for (String c : CALLERS) {
              plan.add(new Object[] {k, c});
            }
          }
        }
      }
      RawHttp conn = conns.get(service);
      String previous = "(none)";
      for (Object[] p : plan) {
        if (System.nanoTime() > deadline) {
          stoppedEarly = true;
          break outer;
        }
        FuzzRequests.Kind kind = (FuzzRequests.Kind) p[0];
        String caller = (String) p[1];
        FuzzRequests.Request req = FuzzRequests.make(kind, service, method, template,
            cloud.fixturesFor(service, caller), cloud.tokens.get(caller), rnd);
        sent++;
        perService.merge(service, 1, Integer::sum);
        covered.add(service + " " + method + " " + template);
        String where = service + " " + kind + " as " + caller + ": " + req.describe();
        RawHttp.Response r;
        try {
          r = conn.send(req.method(), req.target(), req.headers(), req.body());
        } catch (RawHttp.FramingError e) {
          framing++;
          problems.add("FRAMING " + where + " -> " + e.getMessage() + " (previous request on the"
              + " connection: " + previous + ")");
          conn.close();
          previous = req.describe();
          continue;
        } catch (IOException e) {
          problems.add("I/O " + where + " -> " + e);
          conn.close();
          previous = req.describe();
          continue;
        }
        previous = req.describe();
        if (r.status() >= 500 && !(r.status() == 501 && may501)) {
          serverErrors++;
          problems.add(r.status() + " " + where + " -> " + abbreviate(r.text()));
        } else if (r.status() >= 400 && !req.method().equals("HEAD")) {
          String bad = FaultFormats.check(service, r);
          if (bad != null) {
            problems.add("FORMAT " + r.status() + " " + where + " -> " + bad);
          }
        }
      }
    }
    int reconnects = 0;
    for (RawHttp c : conns.values()) {
      reconnects += c.connections;
      c.close();
    }
    // every service still answers, on fresh connections and for real work
    Map<String, String> work = Map.of("identity", "/v3/projects", "network", "/v2.0/networks",
        "image", "/v2/images", "compute", "/v2.1/flavors",
        "volume", "/v3/" + cloud.callerProjects.get("admin") + "/volumes");
    String admin = cloud.token("admin", "admin-pw", "admin");
    for (String s : services) {
      try (RawHttp fresh = new RawHttp("127.0.0.1", cloud.ports.get(s))) {
        assertThat(fresh.send("GET", "/healthcheck", Map.of(), null).status()).as(s).isEqualTo(200);
        assertThat(fresh.send("GET", work.get(s), Map.of("X-Auth-Token", admin), null).status())
            .as(s + " after the fuzz").isEqualTo(200);
      }
    }
    String figures = "route fuzz: seed " + seed + ", rounds " + rounds + ", " + sent
        + " requests over " + covered.size() + " distinct routes of " + order.size() + " " + perService
        + ", connections opened " + reconnects + ", 5xx " + serverErrors + ", framing errors "
        + framing + ", other problems " + (problems.size() - serverErrors - framing) + ", "
        + (System.nanoTime() - began) / 1_000_000_000L + " s"
        + (stoppedEarly ? " (stopped at the time bound)" : "");
    System.out.println(figures);
    Path report = Path.of("target", "route-fuzz.txt");
    Files.createDirectories(report.getParent());
    Files.writeString(report, figures + "\n" + String.join("\n", problems) + "\n");
    assertThat(problems).as(figures).isEmpty();
    if (rounds == 0) {
      assertThat(covered).as("every route was fuzzed").hasSize(order.size());
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
