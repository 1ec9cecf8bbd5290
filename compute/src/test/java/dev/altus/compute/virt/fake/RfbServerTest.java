package dev.altus.compute.virt.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake guests' VNC server, byte by byte as a client sees it. */
class RfbServerTest {
  final AtomicReference<String> text = new AtomicReference<>("Linux version 6.1.0-fake\nlogin: ");
  RfbServer server;
  Socket socket;
  DataInputStream in;
  DataOutputStream out;

  @BeforeEach
  void start() throws Exception {
    server = new RfbServer("127.0.0.1", 0, "web-1", text::get).open();
    socket = new Socket("127.0.0.1", server.localPort());
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = new DataOutputStream(socket.getOutputStream());
  }

  @AfterEach
  void stop() throws Exception {
    socket.close();
    server.close();
  }

  /** Version 3.8, security None, ClientInit; returns after the name of ServerInit. */
  private void handshake38() throws Exception {
    assertThat(ascii(in.readNBytes(12))).isEqualTo("RFB 003.008\n");
    out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(in.readUnsignedByte()).as("number of security types").isEqualTo(1);
    assertThat(in.readUnsignedByte()).as("None").isEqualTo(1);
    out.writeByte(1);
    assertThat(in.readInt()).as("SecurityResult OK").isZero();
    out.writeByte(1); // shared
    serverInit();
  }

  private void serverInit() throws Exception {
    assertThat(in.readUnsignedShort()).isEqualTo(720);
    assertThat(in.readUnsignedShort()).isEqualTo(400);
    byte[] pf = in.readNBytes(16);
    assertThat(pf[0]).as("bits per pixel").isEqualTo((byte) 32);
    assertThat(pf[1]).as("depth").isEqualTo((byte) 24);
    assertThat(pf[3]).as("true colour").isEqualTo((byte) 1);
    assertThat(pf[5] & 0xff).as("red max").isEqualTo(255);
    assertThat(new int[] {pf[10], pf[11], pf[12]}).as("shifts").containsExactly(16, 8, 0);
    int n = in.readInt();
    assertThat(ascii(in.readNBytes(n))).isEqualTo("web-1");
  }

  private void request(boolean incremental, int x, int y, int w, int h) throws Exception {
    out.writeByte(3);
    out.writeByte(incremental ? 1 : 0);
    out.writeShort(x);
    out.writeShort(y);
    out.writeShort(w);
    out.writeShort(h);
    out.flush();
  }

  /** Reads one FramebufferUpdate of one Raw rectangle; returns its pixels. */
  private byte[] update(int w, int h, int bytesPerPixel) throws Exception {
    assertThat(in.readUnsignedByte()).as("FramebufferUpdate").isZero();
    in.readUnsignedByte();
    assertThat(in.readUnsignedShort()).as("rectangles").isEqualTo(1);
    in.readUnsignedShort();
    in.readUnsignedShort();
    assertThat(in.readUnsignedShort()).isEqualTo(w);
    assertThat(in.readUnsignedShort()).isEqualTo(h);
    assertThat(in.readInt()).as("Raw").isZero();
    return in.readNBytes(w * h * bytesPerPixel);
  }

  @Test
  void aFullUpdateIsTheWholeScreenWithTheConsoleTextOnIt() throws Exception {
    handshake38();
    out.write(new byte[] {2, 0, 0, 2, 0, 0, 0, 0, -1, -1, -1, 33}); // SetEncodings Raw, -223
    request(false, 0, 0, 720, 400);
    byte[] px = update(720, 400, 4);
    assertThat(px).hasSize(720 * 400 * 4);
    int lit = 0;
    for (int i = 0; i < px.length; i += 4) {
      lit += (px[i] | px[i + 1] | px[i + 2]) != 0 ? 1 : 0;
    }
    assertThat(lit).as("pixels of text drawn").isGreaterThan(100);
    assertThat(px[3]).as("the spare byte is set (web clients read it as alpha)")
        .isEqualTo((byte) -1);
  }

  @Test
  void incrementalUpdatesComeWhenTheTextChangesAndInputIsIgnored() throws Exception {
    handshake38();
    request(false, 0, 0, 720, 400);
    update(720, 400, 4);
    request(true, 0, 0, 720, 400);
    out.write(new byte[] {4, 1, 0, 0, 0, 0, 0, 0x61}); // KeyEvent 'a'
    out.write(new byte[] {5, 0, 0, 10, 0, 10}); // PointerEvent
    out.write(new byte[] {6, 0, 0, 0, 0, 0, 0, 2, 'h', 'i'}); // ClientCutText
    out.flush();
    Thread.sleep(600);
    assertThat(in.available()).as("nothing changed, nothing sent").isZero();
    text.set(text.get() + "\nweb-1 login: root");
    update(720, 400, 4);
  }

  @Test
  void aSixteenBitClientGetsTwoBytesPerPixelOfTheAreaItAsked() throws Exception {
    handshake38();
    out.write(new byte[] {0, 0, 0, 0, 16, 16, 0, 1, 0, 31, 0, 63, 0, 31, 11, 5, 0, 0, 0, 0});
    request(false, 10, 20, 100, 50);
    assertThat(update(100, 50, 2)).hasSize(100 * 50 * 2);
  }

  @Test
  void anRfb33ClientIsToldTheSecurityTypeAndServed() throws Exception {
    assertThat(ascii(in.readNBytes(12))).isEqualTo("RFB 003.008\n");
    out.write("RFB 003.003\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(in.readInt()).as("security None, chosen by the server").isEqualTo(1);
    out.writeByte(0);
    serverInit();
  }

  @Test
  void closingTheServerDropsItsClientsAndStopsListening() throws Exception {
    handshake38();
    int port = server.localPort();
    assertThat(listenersInThisProcess(port)).as("the server listens before it is closed").isOne();
    server.close();
    assertThat(in.read()).as("end of stream").isEqualTo(-1);
    // nothing of ours listens there any more; another process on this machine (a real guest's
    // QEMU, which greets as this server does) may have taken the freed port meanwhile
    assertThat(listenersInThisProcess(port)).as("sockets of ours listening on " + port).isZero();
  }

  /** How many sockets of this process listen on TCP {@code port} (from /proc). */
  private static long listenersInThisProcess(int port) throws Exception {
    java.util.Set<String> inodes = new java.util.HashSet<>();
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && f[1].contains(":") && f[3].equals("0A")
            && Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16) == port) {
          inodes.add("socket:[" + f[9] + "]");
        }
      }
    }
    try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return inodes.contains(java.nio.file.Files.readSymbolicLink(fd).toString());
        } catch (java.io.IOException e) {
          return false; // closed meanwhile
        }
      }).count();
    }
  }

  private static String ascii(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }
}
