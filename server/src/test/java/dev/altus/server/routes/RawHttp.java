package dev.altus.server.routes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP/1.1 client over one kept-alive socket that reads every response strictly: a status
 * line, headers, then exactly the body that Content-Length or chunked encoding frames, so bytes
 * left over from one response (or missing from it) show up as a framing error on the next one
 * instead of being skipped the way a forgiving client would.
 */
final class RawHttp implements AutoCloseable {
  /** A response as read off the wire. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  /** The server broke HTTP's framing. */
  static final class FramingError extends IOException {
    FramingError(String message) {
      super(message);
    }
  }

  private static final int MAX_HEADER_LINE = 16 * 1024;
  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  int connections;

  RawHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  private void connect() throws IOException {
    close();
    socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket.setSoTimeout(30_000);
    socket.setTcpNoDelay(true);
    in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
    connections++;
  }

  /**
   * Sends one request on the kept-alive connection and reads its response. A connection the
   * server closed between two responses is opened again and the request sent once more; a
   * connection closed in the middle of a response is a framing error.
   */
  Response send(String method, String target, Map<String, String> headers, byte[] body)
      throws IOException {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host).append(':').append(port).append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    for (int attempt = 0; ; attempt++) {
      if (socket == null || socket.isClosed()) {
        connect();
      }
      try {
        out.write(bytes);
        if (body != null) {
          out.write(body);
        }
        out.flush();
      } catch (IOException e) {
        if (attempt == 0) {
          socket.close();
          continue;
        }
        throw e;
      }
      String status = readLine(true);
      if (status == null) {
        // closed between responses: allowed, the request was not read
        if (attempt == 0) {
          socket.close();
          continue;
        }
        throw new FramingError("connection closed before a status line, twice");
      }
      Response r = readResponse(status, method.equals("HEAD"));
      String conn = r.header("connection");
      if (conn != null && conn.equalsIgnoreCase("close")) {
        socket.close();
      }
      return r;
    }
  }

  private Response readResponse(String statusLine, boolean head) throws IOException {
    if (!statusLine.matches("HTTP/1\\.[01] [1-5][0-9][0-9]( .*)?")) {
      throw new FramingError("not a status line: '" + abbreviate(statusLine) + "'");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    while (true) {
      String line = readLine(false);
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new FramingError("not a header line: '" + abbreviate(line) + "'");
      }
      String name = line.substring(0, colon).trim().toLowerCase();
      String value = line.substring(colon + 1).trim();
      if (headers.containsKey(name) && name.equals("content-length")
          && !headers.get(name).equals(value)) {
        throw new FramingError("two different Content-Length headers");
      }
      headers.merge(name, value, (a, b) -> a + ", " + b);
    }
    String te = headers.get("transfer-encoding");
    String cl = headers.get("content-length");
    if (te != null && cl != null) {
      throw new FramingError("both Transfer-Encoding and Content-Length");
    }
    byte[] body;
    if (head || status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else if (te != null) {
      if (!te.equalsIgnoreCase("chunked")) {
        throw new FramingError("unknown Transfer-Encoding " + te);
      }
      body = readChunked();
    } else if (cl != null) {
      long n;
      try {
        n = Long.parseLong(cl);
      } catch (NumberFormatException e) {
        throw new FramingError("bad Content-Length " + cl);
      }
      if (n < 0 || n > 256L * 1024 * 1024) {
        throw new FramingError("bad Content-Length " + cl);
      }
      body = readExactly((int) n);
    } else {
      // no framing: the body runs to the end of the connection, which must then close
      body = in.readAllBytes();
      socket.close();
      if (body.length > 0 && !"close".equalsIgnoreCase(headers.get("connection"))) {
        throw new FramingError("a body without Content-Length or chunked encoding");
      }
    }
    return new Response(status, headers, body);
  }

  private byte[] readChunked() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(false);
      int semi = sizeLine.indexOf(';');
      String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new FramingError("not a chunk size: '" + abbreviate(sizeLine) + "'");
      }
      if (size < 0) {
        throw new FramingError("negative chunk size");
      }
      if (size == 0) {
        while (!readLine(false).isEmpty()) {
          // trailers
        }
        return buf.toByteArray();
      }
      buf.write(readExactly(size));
      if (!readLine(false).isEmpty()) {
        throw new FramingError("chunk of " + size + " bytes not followed by CRLF");
      }
    }
  }

  private byte[] readExactly(int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new FramingError("body cut short: " + b.length + " of " + n + " bytes");
    }
    return b;
  }

  /** A CRLF-terminated line; null at a clean end of stream when {@code eofAllowed}. */
  private String readLine(boolean eofAllowed) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (eofAllowed && line.size() == 0) {
          return null;
        }
        throw new FramingError("connection closed inside a line: '"
            + abbreviate(line.toString(StandardCharsets.ISO_8859_1)) + "'");
      }
      if (c == '\r') {
        int lf = in.read();
        if (lf != '\n') {
          throw new FramingError("CR not followed by LF");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
      }
      if (c == '\n') {
        throw new FramingError("bare LF in '" + abbreviate(line.toString(StandardCharsets.ISO_8859_1)) + "'");
      }
      line.write(c);
      if (line.size() > MAX_HEADER_LINE) {
        throw new FramingError("line longer than " + MAX_HEADER_LINE + " bytes");
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing
      }
    }
  }

  static Map<String, String> headers(List<String> nameValues) {
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 0; i + 1 < nameValues.size(); i += 2) {
      h.put(nameValues.get(i), nameValues.get(i + 1));
    }
    return h;
  }
}
