package dev.altus.compute.virt.qemu;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The VNC displays of this process's guests per listening address: each guest holds its display
 * ({@code 5900 + N}) from spawn to destroy, the lowest one free, skipping ports another process
 * listens on. Shared by every QEMU host of the process, as hosts of one machine share addresses.
 */
final class VncDisplays {
  static final VncDisplays SHARED = new VncDisplays();
  static final int BASE_PORT = 5900;
  private static final int LAST = 65535 - BASE_PORT;
  private final Map<String, BitSet> used = new HashMap<>();

  /** Marks a display as taken (a guest found at start). */
  synchronized void take(String address, int display) {
    used.computeIfAbsent(address, k -> new BitSet()).set(display);
  }

  synchronized int allocate(String address, int base) {
    BitSet taken = used.computeIfAbsent(address, k -> new BitSet());
    for (int d = taken.nextClearBit(base); d <= LAST; d = taken.nextClearBit(d + 1)) {
      if (free(address, BASE_PORT + d)) {
        taken.set(d);
        return d;
      }
    }
    throw new IllegalStateException("no free VNC display on " + address + " from " + base);
  }

  synchronized void release(String address, int display) {
    BitSet taken = used.get(address);
    if (taken != null) {
      taken.clear(display);
    }
  }

  private static boolean free(String address, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(address), port));
      return true;
    } catch (BindException e) {
      return e.getMessage() == null || !e.getMessage().contains("in use");
    } catch (IOException e) {
      return true;
    }
  }
}
