package dev.altus.compute.api;

import dev.altus.compute.ComputeConfig;
import dev.altus.compute.ComputeModule;
import java.time.Clock;

/** The identity and compute APIs, without compute agents, for the key pair and server group tests. */
final class KeysAndGroupsHarness extends ApiHarness {
  KeysAndGroupsHarness() throws Exception {
    super("compute");
    serve(new ComputeModule(ComputeConfig.defaults("http://127.0.0.1:8774", "test-host"), db,
        Clock.systemUTC(), null, null, bus));
  }
}
