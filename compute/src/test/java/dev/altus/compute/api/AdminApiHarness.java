package dev.altus.compute.api;

import dev.altus.compute.ComputeConfig;
import dev.altus.compute.ComputeModule;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The identity and compute APIs over one in-memory H2 database, with users admin (admin project),
 * demo (demo project) and alt (alt project), for the admin side of compute.
 */
final class AdminApiHarness extends ApiHarness {
  final String altProjectId;

  AdminApiHarness() throws Exception {
    this(Clock.systemUTC(), List.of("compute1"));
  }

  AdminApiHarness(Clock clock, List<String> hosts) throws Exception {
    super("cadmin");
    // no compute agents: the admin tests write the service and node rows they need themselves
    ComputeConfig config = new ComputeConfig("http://127.0.0.1:8774", null, "fake", List.of(),
        Map.of(), "nova");
    serve(new ComputeModule(config, db, clock, null, null, bus,
        id -> identity.projectStore.find(id).isPresent()));
    altProjectId = addMember("alt", "alt");
  }

  String projectId(String name) {
    return identity.projectStore.findByName("default", name).orElseThrow().id();
  }

  String altToken() throws Exception {
    return token("alt", "pw-alt", "alt");
  }
}
