package dev.altus.compute.console;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A WebSocket (RFC 6455) on one side, a guest's VNC TCP connection on the other: the server's
 * half of the opening handshake, then binary frames relayed both ways until either side closes,
 * when both close together. Pings are answered; text frames are refused (noVNC speaks binary).
 */
final class WebSocketRelay {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  /** A client frame larger than this closes the socket (status 1009). */
  static final int MAX_FRAME = 4 * 1024 * 1024;
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  private final Socket client;
  private final Socket guest;
  private final OutputStream toClient;

  WebSocketRelay(Socket client, Socket guest) throws IOException {
    this.client = client;
    this.guest = guest;
    this.toClient = client.getOutputStream();
  }

  /** The Sec-WebSocket-Accept value of a client's key. */
  static String accept(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1")
          .digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends the 101 response; {@code protocol} is the subprotocol chosen, or null. */
  void open(String key, String protocol) throws IOException {
    String head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept(key) + "\r\n"
        + (protocol == null ? "" : "Sec-WebSocket-Protocol: " + protocol + "\r\n") + "\r\n";
    synchronized (toClient) {
      toClient.write(head.getBytes(StandardCharsets.ISO_8859_1));
      toClient.flush();
    }
  }

  /** Relays until one side ends, then closes both. */
  void run(InputStream fromClient) throws IOException {
    Thread down = Thread.ofVirtual().name("console-relay-guest").start(this::guestToClient);
    try {
      clientToGuest(new DataInputStream(fromClient));
    } finally {
      closeBoth();
      try {
        down.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void guestToClient() {
    byte[] buf = new byte[64 * 1024];
    try {
      InputStream in = guest.getInputStream();
      for (int n; (n = in.read(buf)) >= 0; ) {
        send(BINARY, buf, n);
      }
      sendClose(1000, "the console closed");
    } catch (IOException e) {
      // the client went away or the guest's display closed: both close below
    } finally {
      closeBoth();
    }
  }

  private void clientToGuest(DataInputStream in) throws IOException {
    OutputStream toGuest = guest.getOutputStream();
    while (true) {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      int opcode = b0 & 0x0f;
      long len = b1 & 0x7f;
      if (len == 126) {
        len = in.readUnsignedShort();
      } else if (len == 127) {
        len = in.readLong();
      }
      if ((b1 & 0x80) == 0) {
        sendClose(1002, "client frames must be masked");
        return;
      }
      if (len > MAX_FRAME || len < 0) {
        sendClose(1009, "frame too large");
        return;
      }
      byte[] mask = new byte[4];
      in.readFully(mask);
      byte[] payload = new byte[(int) len];
      in.readFully(payload);
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i & 3];
      }
      switch (opcode) {
        case BINARY, CONTINUATION -> {
          toGuest.write(payload);
          toGuest.flush();
        }
        case PING -> send(PONG, payload, payload.length);
        case PONG -> { }
        case CLOSE -> {
          sendClose(1000, "");
          return;
        }
        default -> {
          sendClose(1003, "only binary frames are relayed");
          return;
        }
      }
    }
  }

  /** Writes one unmasked frame (server frames are never masked). */
  void send(int opcode, byte[] data, int len) throws IOException {
    byte[] head;
    if (len < 126) {
      head = new byte[] {(byte) (0x80 | opcode), (byte) len};
    } else if (len < 65536) {
      head = new byte[] {(byte) (0x80 | opcode), 126, (byte) (len >> 8), (byte) len};
    } else {
      head = new byte[10];
      head[0] = (byte) (0x80 | opcode);
      head[1] = 127;
      for (int i = 0; i < 8; i++) {
        head[9 - i] = (byte) ((long) len >> (8 * i));
      }
    }
    synchronized (toClient) {
      toClient.write(head);
      toClient.write(data, 0, len);
      toClient.flush();
    }
  }

  private void sendClose(int code, String reason) {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    byte[] p = new byte[2 + Math.min(r.length, 120)];
    p[0] = (byte) (code >> 8);
    p[1] = (byte) code;
    System.arraycopy(r, 0, p, 2, p.length - 2);
    try {
      send(CLOSE, p, p.length);
    } catch (IOException e) {
      // the client is gone already
    }
  }

  private void closeBoth() {
    for (Socket s : new Socket[] {guest, client}) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
