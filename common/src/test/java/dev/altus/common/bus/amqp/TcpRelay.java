package dev.altus.common.bus.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between the bus and the broker, so a test can cut the network under a
 * live connection ({@link #cut}) and keep it cut ({@link #down}) without touching the broker that
 * other tests share.
 */
final class TcpRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean down;

  TcpRelay(String targetHost, int targetPort) throws IOException {
    this.target = new InetSocketAddress(targetHost, targetPort);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket in = listener.accept();
        if (down) {
          in.close();
          continue;
        }
        Socket out = new Socket();
        out.connect(target, 2000);
        open.add(in);
        open.add(out);
        Thread.ofVirtual().start(() -> pump(in, out));
        Thread.ofVirtual().start(() -> pump(out, in));
      } catch (IOException e) {
        // closed, or the broker refused: the client sees its connection end
      }
    }
  }

  private void pump(Socket from, Socket to) {
    try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
      i.transferTo(o);
    } catch (IOException e) {
      // cut
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  /** Closes every relayed connection now. */
  void cut() {
    open.forEach(TcpRelay::closeQuietly);
    open.clear();
  }

  /** While down, new connections are closed at once; {@code down(false)} lets them through. */
  void down(boolean down) {
    this.down = down;
    if (down) {
      cut();
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cut();
  }
}
