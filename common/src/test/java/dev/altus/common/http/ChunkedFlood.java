package dev.altus.common.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that streams a chunked request body of spaces on one thread while it reads the answer
 * on another, as an attacker would send an endless body: tests see how much it had sent when the
 * answer came.
 */
public final class ChunkedFlood {
  /** An answer: status, head (lower-cased header lines) and body. */
  public record Answer(int status, String head, String body) {}

  private ChunkedFlood() {}

  /** POSTs {@code total} bytes (a JSON-ish '{' then spaces) to {@code path}; counts into sent. */
  public static Answer post(int port, String path, long total, AtomicLong sent) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      Thread writer = Thread.ofVirtual().start(() -> {
        byte[] chunk = new byte[256 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        chunk[0] = '{';
        byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
          while (sent.get() < total) {
            out.write(head);
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            sent.addAndGet(chunk.length);
          }
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException hungUp) {
          // the server answered and closed
        }
      });
      Answer a = read(s.getInputStream());
      writer.interrupt();
      return a;
    }
  }

  /** Reads one HTTP/1.1 answer framed by Content-Length. */
  public static Answer read(InputStream in) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String status = r.readLine();
    StringBuilder head = new StringBuilder(status).append('\n');
    int length = -1;
    for (String line; (line = r.readLine()) != null && !line.isEmpty(); ) {
      head.append(line.toLowerCase()).append('\n');
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    char[] body = new char[Math.max(length, 0)];
    int got = 0;
    while (got < body.length) {
      int n = r.read(body, got, body.length - got);
      if (n < 0) {
        break;
      }
      got += n;
    }
    return new Answer(Integer.parseInt(status.split(" ")[1]), head.toString(),
        new String(body, 0, got));
  }
}
