package dev.altus.compute.virt.fake;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VNC server of one fake guest, as a hypervisor's display of the guest: it listens on the
 * guest's console address while the guest runs and serves each client an {@link RfbSession}
 * showing the guest's console text. Closing it stops listening and drops every client, as the
 * display of a guest that stops goes away.
 */
final class RfbServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RfbServer.class);
  private final String host;
  private final int port;
  private final String name;
  private final Supplier<String> text;
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private ServerSocket listener;

  /**
   * @param name the desktop name clients show (the server's name)
   * @param text what the screen shows, asked again whenever a client waits for a change
   */
  RfbServer(String host, int port, String name, Supplier<String> text) {
    this.host = host;
    this.port = port;
    this.name = name;
    this.text = text;
  }

  /** Starts listening, unless it listens already. */
  synchronized RfbServer open() throws IOException {
    if (listener != null) {
      return this;
    }
    ServerSocket s = new ServerSocket();
    try {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      s.close();
      throw e;
    }
    listener = s;
    Thread.ofVirtual().name("fake-vnc-" + port).start(() -> accept(s));
    return this;
  }

  synchronized boolean listening() {
    return listener != null;
  }

  /** The port it listens on (the one asked for, or the one chosen for 0), -1 when closed. */
  synchronized int localPort() {
    return listener == null ? -1 : listener.getLocalPort();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket c = s.accept();
        clients.add(c);
        Thread.ofVirtual().name("fake-vnc-client-" + port).start(() -> {
          try (c) {
            new RfbSession(c, name, text).run();
          } catch (IOException | RuntimeException e) {
            LOG.debug("VNC client of {} on port {} left: {}", name, port, e.toString());
          } finally {
            clients.remove(c);
          }
        });
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Stops listening and disconnects every client. */
  @Override
  public synchronized void close() {
    if (listener == null) {
      return;
    }
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    listener = null;
    for (Socket c : clients) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    clients.clear();
  }

  /** Whether the address is one of this machine's (loopback, any, or an interface's). */
  static boolean local(String host) {
    try {
      InetAddress a = InetAddress.getByName(host);
      return a.isLoopbackAddress() || a.isAnyLocalAddress()
          || java.net.NetworkInterface.getByInetAddress(a) != null;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether a port of the address is free to listen on (another process may hold it). */
  static boolean free(String host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
