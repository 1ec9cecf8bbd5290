package dev.altus.compute.virt.fake;

import dev.altus.compute.virt.fake.RfbFramebuffer.PixelFormat;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * One VNC client of a fake guest (RFB 3.8, and 3.3/3.7 clients): security type None, a
 * {@link RfbFramebuffer#WIDTH}x{@link RfbFramebuffer#HEIGHT} screen in Raw encoding. Input events
 * are read and ignored (the fake guest has no keyboard). A full update request is answered at once;
 * an incremental one when the console text changes. The reading thread takes requests; a writer
 * thread sends updates, so a client waiting for a change can still type.
 */
final class RfbSession {
  private static final long POLL_MILLIS = 200;
  private final Socket socket;
  private final String name;
  private final Supplier<String> text;
  private final RfbFramebuffer screen = new RfbFramebuffer();
  private final Object lock = new Object();
  private PixelFormat format = PixelFormat.DEFAULT;
  private int[] pending; // x, y, w, h, incremental (1/0) of the latest update request
  private String sentText;
  private boolean closed;

  RfbSession(Socket socket, String name, Supplier<String> text) {
    this.socket = socket;
    this.name = name;
    this.text = text;
  }

  void run() throws IOException {
    socket.setTcpNoDelay(true);
    DataInputStream in = new DataInputStream(socket.getInputStream());
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        socket.getOutputStream()));
    if (!handshake(in, out)) {
      return;
    }
    Thread writer = Thread.ofVirtual().name("fake-vnc-updates").start(() -> updates(out));
    try {
      readMessages(in);
    } finally {
      synchronized (lock) {
        closed = true;
        lock.notifyAll();
      }
      writer.interrupt();
    }
  }

  /** Version, security (None) and initialisation; false when the client gave up. */
  private boolean handshake(DataInputStream in, DataOutputStream out) throws IOException {
    out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    byte[] v = new byte[12];
    in.readFully(v);
    String version = new String(v, StandardCharsets.US_ASCII);
    if (!version.startsWith("RFB 003.")) {
      return false;
    }
    int minor = Integer.parseInt(version.substring(8, 11).replaceAll("\\D", "0"));
    if (minor < 7) {
      out.writeInt(1); // RFB 3.3: the server decides, None
      out.flush();
    } else {
      out.write(new byte[] {1, 1}); // one security type: None
      out.flush();
      int chosen = in.readUnsignedByte();
      if (minor >= 8) {
        if (chosen != 1) {
          byte[] why = ("security type " + chosen + " is not offered, only None (1)")
              .getBytes(StandardCharsets.UTF_8);
          out.writeInt(1);
          out.writeInt(why.length);
          out.write(why);
          out.flush();
          return false;
        }
        out.writeInt(0); // SecurityResult: OK
        out.flush();
      } else if (chosen != 1) {
        return false;
      }
    }
    in.readUnsignedByte(); // ClientInit: shared flag, every client shares this screen
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    out.writeShort(RfbFramebuffer.WIDTH);
    out.writeShort(RfbFramebuffer.HEIGHT);
    out.write(PixelFormat.DEFAULT.bytes());
    out.writeInt(n.length);
    out.write(n);
    out.flush();
    return true;
  }

  private void readMessages(DataInputStream in) throws IOException {
    while (true) {
      int type = in.readUnsignedByte();
      switch (type) {
        case 0 -> { // SetPixelFormat
          in.skipNBytes(3);
          byte[] pf = new byte[16];
          in.readFully(pf);
          PixelFormat f = PixelFormat.read(pf);
          if (f.unsupported() != null) {
            throw new IOException("the client asked for a pixel format that cannot be served: "
                + f.unsupported());
          }
          synchronized (lock) {
            format = f;
          }
        }
        case 2 -> { // SetEncodings: Raw is always understood, the list is read and ignored
          in.skipNBytes(1);
          in.skipNBytes(4L * in.readUnsignedShort());
        }
        case 3 -> { // FramebufferUpdateRequest
          int incremental = in.readUnsignedByte();
          int[] r = {in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort(),
              in.readUnsignedShort(), incremental == 0 ? 0 : 1};
          synchronized (lock) {
            // a full request wins over an incremental one still waiting
            if (pending == null || pending[4] == 1 || r[4] == 0) {
              pending = r;
            }
            lock.notifyAll();
          }
        }
        case 4 -> in.skipNBytes(7); // KeyEvent: the fake guest has no keyboard
        case 5 -> in.skipNBytes(5); // PointerEvent: nor a mouse
        case 6 -> { // ClientCutText: read and dropped
          in.skipNBytes(3);
          in.skipNBytes(Math.abs((long) in.readInt()));
        }
        default -> throw new IOException("unknown client message type " + type);
      }
    }
  }

  /** Sends an update for each request: at once when full, when the text changed otherwise. */
  private void updates(DataOutputStream out) {
    try {
      while (true) {
        int[] r;
        PixelFormat f;
        String now;
        synchronized (lock) {
          while (true) {
            if (closed) {
              return;
            }
            if (pending != null) {
              now = text.get();
              if (pending[4] == 0 || !now.equals(sentText)) {
                break;
              }
            }
            lock.wait(POLL_MILLIS);
          }
          r = pending;
          pending = null;
          f = format;
          sentText = now;
        }
        screen.draw(now);
        send(out, f, r);
      }
    } catch (IOException e) {
      close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One FramebufferUpdate with one Raw rectangle: the request's area within the screen. */
  private void send(DataOutputStream out, PixelFormat f, int[] r) throws IOException {
    int x = Math.min(r[0], RfbFramebuffer.WIDTH - 1);
    int y = Math.min(r[1], RfbFramebuffer.HEIGHT - 1);
    int w = Math.max(1, Math.min(r[2], RfbFramebuffer.WIDTH - x));
    int h = Math.max(1, Math.min(r[3], RfbFramebuffer.HEIGHT - y));
    out.writeByte(0); // FramebufferUpdate
    out.writeByte(0);
    out.writeShort(1);
    out.writeShort(x);
    out.writeShort(y);
    out.writeShort(w);
    out.writeShort(h);
    out.writeInt(0); // Raw
    out.write(screen.encode(f, x, y, w, h));
    out.flush();
  }

  private void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // the reader sees the socket closed and ends the session
    }
  }
}
