package dev.altus.compute.virt.fake;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The VNC ports of the fake guests of this process, per host address: each running guest holds its
 * own port (the lowest free one from the base port) until it is destroyed, as a hypervisor that
 * auto-allocates display ports does, skipping ports other processes listen on. Shared by every fake host, because fake hosts of one process
 * usually share an address.
 */
final class VncPorts {
  static final VncPorts SHARED = new VncPorts();
  private static final int LAST_PORT = 65535;
  private static final int PROBES = 100;

  private final Map<String, BitSet> used = new HashMap<>();

  synchronized int allocate(String hostIp, int basePort) {
    BitSet ports = used.computeIfAbsent(hostIp, k -> new BitSet());
    int port = ports.nextClearBit(basePort);
    // skip ports another process listens on (another cloud on this machine), a few at most; on an
    // address that is not this machine's nothing can listen, so nothing is probed
    boolean local = RfbServer.local(hostIp);
    for (int tries = 0; local && tries < PROBES && port <= LAST_PORT
        && !RfbServer.free(hostIp, port); tries++) {
      port = ports.nextClearBit(port + 1);
    }
    if (port > LAST_PORT) {
      port = ports.nextClearBit(basePort);
    }
    if (port > LAST_PORT) {
      throw new IllegalStateException("no free VNC port on " + hostIp + " from " + basePort);
    }
    ports.set(port);
    return port;
  }

  synchronized void release(String hostIp, int port) {
    BitSet ports = used.get(hostIp);
    if (ports != null) {
      ports.clear(port);
    }
  }
}
