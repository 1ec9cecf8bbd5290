package dev.altus.network.agent.linux;

import dev.altus.common.host.LocalHost;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Data-plane tests need root and the host's networking tools; without them they are skipped. */
final class RootNetworking {
  private RootNetworking() {}

  static void assumeAvailable() {
    List<String> missing = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("root");
    }
    LocalHost host = new LocalHost();
    for (String tool : List.of("ip", "bridge", "dnsmasq", "busybox")) {
      if (!host.available(tool)) {
        missing.add(tool);
      }
    }
    Assumptions.assumeTrue(missing.isEmpty(), "data-plane test skipped: needs " + missing
        + " (run as root with iproute2, dnsmasq-base and busybox-static installed)");
  }
}
