package dev.altus.image.service;

import dev.altus.image.service.WebDownloadGuard.Target;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 GET sent to an address the {@link WebDownloadGuard} checked, never to a fresh
 * lookup of the name: the socket connects to the pinned address, the request carries the URL's
 * host in its Host header, and for https the TLS handshake sends that name (SNI) and verifies the
 * certificate against it. The body is exact: a Content-Length or chunked body that ends early
 * fails with an {@link EOFException} instead of looking like a complete image.
 */
final class PinnedHttpGet implements Closeable {
  private static final int MAX_LINE = 8192;
  private static final int MAX_HEADERS = 100;

  private final Socket socket;
  private final int status;
  private final Map<String, String> headers;
  private final InputStream body;

  private PinnedHttpGet(Socket socket, int status, Map<String, String> headers, InputStream body) {
    this.socket = socket;
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  static PinnedHttpGet open(Target target, Duration connectTimeout, Duration readTimeout)
      throws IOException {
    URI uri = target.uri();
    boolean tls = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
    String host = bare(uri.getHost());
    Socket socket = connect(target.addresses(), port, connectTimeout);
    try {
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
      if (tls) {
        socket = secure(socket, host, port);
      }
      OutputStream out = socket.getOutputStream();
      out.write(request(uri, host).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      int status;
      Map<String, String> headers;
      do {
        status = statusOf(line(in));
        headers = headers(in);
      } while (status >= 100 && status < 200);
      return new PinnedHttpGet(socket, status, headers, body(in, status, headers));
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  int status() {
    return status;
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  InputStream body() {
    return body;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static Socket connect(List<InetAddress> addresses, int port, Duration timeout)
      throws IOException {
    IOException last = null;
    for (InetAddress a : addresses) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(a, port), (int) timeout.toMillis());
        return s;
      } catch (IOException e) {
        s.close();
        last = new IOException("cannot connect to " + a.getHostAddress() + " port " + port + ": "
            + e.getMessage(), e);
      }
    }
    throw last != null ? last : new IOException("no address to connect to");
  }

  private static Socket secure(Socket plain, String host, int port) throws IOException {
    SSLContext ctx;
    try {
      ctx = SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("TLS is not available: " + e.getMessage(), e);
    }
    SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
    SSLParameters p = ssl.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    if (!isLiteral(host)) {
      p.setServerNames(List.of(new SNIHostName(host)));
    }
    ssl.setSSLParameters(p);
    ssl.startHandshake();
    return ssl;
  }

  private static String request(URI uri, String host) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    String hostHeader = host.contains(":") ? "[" + host + "]" : host;
    if (uri.getPort() != -1) {
      hostHeader += ":" + uri.getPort();
    }
    return "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: altus-image\r\n"
        + "Accept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n";
  }

  private static int statusOf(String line) throws IOException {
    String[] parts = line.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x response: " + abbreviate(line));
    }
    try {
      int st = Integer.parseInt(parts[1]);
      if (st < 100 || st > 999) {
        throw new NumberFormatException();
      }
      return st;
    } catch (NumberFormatException e) {
      throw new IOException("bad HTTP status line: " + abbreviate(line));
    }
  }

  private static Map<String, String> headers(InputStream in) throws IOException {
    Map<String, String> h = new HashMap<>();
    for (int n = 0; ; n++) {
      String line = line(in);
      if (line.isEmpty()) {
        return h;
      }
      if (n >= MAX_HEADERS) {
        throw new IOException("more than " + MAX_HEADERS + " response headers");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("bad response header: " + abbreviate(line));
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      h.merge(name, value, (a, b) -> a + ", " + b);
    }
  }

  private static InputStream body(InputStream in, int status, Map<String, String> headers)
      throws IOException {
    if (status == 204 || status == 304) {
      return InputStream.nullInputStream();
    }
    String te = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
    if (te.contains("chunked")) {
      return new ChunkedBody(in);
    }
    String cl = headers.get("content-length");
    if (cl != null) {
      try {
        long length = Long.parseLong(cl.trim());
        if (length < 0) {
          throw new NumberFormatException();
        }
        return new LengthBody(in, length);
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length: " + abbreviate(cl));
      }
    }
    return in;
  }

  /** One CRLF (or LF) terminated line, without its end. */
  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    while (true) {
      int c = in.read();
      if (c == -1) {
        throw new EOFException("the connection closed in the middle of the response head");
      }
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1
            : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      if (b.size() >= MAX_LINE) {
        throw new IOException("a response line is longer than " + MAX_LINE + " bytes");
      }
      b.write(c);
    }
  }

  private static String bare(String host) {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  private static boolean isLiteral(String host) {
    if (host.contains(":")) {
      return true;
    }
    return host.matches("[0-9.]+");
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  /** A response body: bulk reads do the work, a single byte is a bulk read of one. */
  abstract static class Body extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }
  }

  /** Exactly {@code length} bytes; fewer is an error. */
  static final class LengthBody extends Body {
    private final InputStream in;
    private long left;

    LengthBody(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n == -1) {
        throw new EOFException("the download ended " + left + " bytes before its Content-Length");
      }
      left -= n;
      return n;
    }
  }

  /** A chunked transfer coding (RFC 9112 section 7.1); a body cut off before its last chunk fails. */
  static final class ChunkedBody extends Body {
    private final InputStream in;
    private long left;
    private boolean done;

    ChunkedBody(InputStream in) {
      this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        left = nextChunk();
        if (left == 0) {
          while (!line(in).isEmpty()) {
            // trailer fields are not used
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n == -1) {
        throw new EOFException("the download ended in the middle of a chunk");
      }
      left -= n;
      if (left == 0 && !line(in).isEmpty()) {
        throw new IOException("a chunk is not followed by CRLF");
      }
      return n;
    }

    private long nextChunk() throws IOException {
      String size = line(in);
      int semi = size.indexOf(';');
      String hex = (semi >= 0 ? size.substring(0, semi) : size).trim();
      try {
        long n = Long.parseLong(hex, 16);
        if (n < 0 || hex.isEmpty()) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size: " + abbreviate(size));
      }
    }
  }
}
