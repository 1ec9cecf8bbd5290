package dev.altus.compute.console;

import dev.altus.compute.store.ConsoleTokenStore.Console;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console proxy (noVNC): serves the noVNC web client's files and, on a WebSocket upgrade of
 * any path carrying {@code ?token=}, validates the token, connects to the guest's VNC address the
 * token stands for and relays the socket to it. Every refusal is an HTML page saying why and what
 * to do; a noVNC page opened with a token that no longer opens anything shows that page too.
 */
public final class ConsoleProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleProxy.class);
  private static final int CONNECT_TIMEOUT_MS = 5000;
  private static final String NEW_URL = "Ask for a new URL with `openstack console url show"
      + " SERVER`.";
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript"),
      Map.entry("css", "text/css"), Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"), Map.entry("ico", "image/x-icon"),
      Map.entry("json", "application/json"), Map.entry("woff", "font/woff"),
      Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"),
      Map.entry("mp3", "audio/mpeg"), Map.entry("oga", "audio/ogg"),
      Map.entry("ogg", "audio/ogg"), Map.entry("wasm", "application/wasm"));

  private final Function<String, Optional<Console>> tokens;
  private final Path web;
  private ServerSocket listener;

  /**
   * @param tokens what a token opens (ConsoleTokenStore::validate)
   * @param web the noVNC web client's directory (Debian's novnc package: /usr/share/novnc)
   */
  public ConsoleProxy(Function<String, Optional<Console>> tokens, Path web) {
    this.tokens = tokens;
    this.web = web.toAbsolutePath().normalize();
  }

  /** Listens on host:port (0: any free port) and serves each connection on a virtual thread. */
  public ConsoleProxy start(String host, int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    try {
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      s.close();
      throw new IOException("the console proxy cannot listen on " + host + ":" + port + " ("
          + e.getMessage() + "); set compute.novnc_port to a free port", e);
    }
    listener = s;
    if (!Files.isRegularFile(web.resolve("vnc_lite.html"))) {
      LOG.warn("the noVNC web client is not in {}: console URLs will explain how to install it"
          + " (apt-get install novnc)", web);
    }
    Thread.ofPlatform().daemon().name("console-proxy").start(() -> {
      while (!s.isClosed()) {
        try {
          Socket c = s.accept();
          Thread.ofVirtual().name("console-proxy-conn").start(() -> serve(c));
        } catch (IOException e) {
          return;
        }
      }
    });
    LOG.info("console proxy (noVNC) listening on http://{}:{}", host, port());
    return this;
  }

  public int port() {
    return listener.getLocalPort();
  }

  @Override
  public void close() {
    try {
      if (listener != null) {
        listener.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private void serve(Socket c) {
    try (c) {
      c.setSoTimeout(30_000);
      InputStream in = new BufferedInputStream(c.getInputStream());
      OutputStream out = c.getOutputStream();
      Optional<ProxyRequest> req;
      try {
        req = ProxyRequest.read(in);
      } catch (ProxyRequest.BadRequest e) {
        ProxyRequest.error(out, e.status, "Bad request", e.getMessage());
        return;
      }
      if (req.isPresent()) {
        route(req.get(), c, in, out);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("console proxy connection ended: {}", e.toString());
    }
  }

  private void route(ProxyRequest r, Socket c, InputStream in, OutputStream out)
      throws IOException {
    boolean head = r.method().equals("HEAD");
    if (!head && !r.method().equals("GET")) {
      ProxyRequest.error(out, 405, "Method not allowed", "The console proxy only answers GET.");
    } else if (r.headerHas("upgrade", "websocket")) {
      websocket(r, c, in, out);
    } else if (r.path().equals("/websockify")) {
      ProxyRequest.error(out, 426, "Not a page", "This address is the console's WebSocket;"
          + " open the console URL in a web browser instead. " + NEW_URL);
    } else if (r.path().equals("/")) {
      ProxyRequest.error(out, 404, "Console proxy", "This is the console proxy of the cloud."
          + " Open a server's console URL: `openstack console url show SERVER`.");
    } else {
      file(r, out, head);
    }
  }

  private void websocket(ProxyRequest r, Socket c, InputStream in, OutputStream out)
      throws IOException {
    String key = r.header("sec-websocket-key");
    if (key.isEmpty() || !r.header("sec-websocket-version").equals("13")) {
      ProxyRequest.refuseUpgrade(out, 400, "Bad WebSocket request", "The upgrade needs"
          + " Sec-WebSocket-Key and Sec-WebSocket-Version: 13.");
      return;
    }
    Optional<Console> console = console(r.param("token"), out, true);
    if (console.isEmpty()) {
      return;
    }
    Console con = console.get();
    Socket guest = new Socket();
    try {
      guest.connect(new InetSocketAddress(con.host(), con.port()), CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      guest.close();
      ProxyRequest.refuseUpgrade(out, 503, "Console not reachable", "The console of server "
          + con.instanceId() + " does not answer at " + con.host() + ":" + con.port() + " ("
          + e.getMessage() + "): the server is not running (shut off, suspended, shelved or"
          + " deleted) or its host is down. Start it (`openstack server start SERVER`), then "
          + NEW_URL.toLowerCase().charAt(0) + NEW_URL.substring(1));
      return;
    }
    try (guest) {
      c.setSoTimeout(0);
      guest.setTcpNoDelay(true);
      c.setTcpNoDelay(true);
      WebSocketRelay relay = new WebSocketRelay(c, guest);
      relay.open(key, r.headerHas("sec-websocket-protocol", "binary") ? "binary" : null);
      LOG.info("console of server {} opened ({}:{})", con.instanceId(), con.host(), con.port());
      relay.run(in);
      LOG.info("console of server {} closed", con.instanceId());
    }
  }

  /**
   * What the token opens, or empty after answering why not: with a page, or for a WebSocket
   * {@code upgrade} with a bodiless refusal.
   */
  private Optional<Console> console(String token, OutputStream out, boolean upgrade)
      throws IOException {
    Refusal refuse = upgrade ? ProxyRequest::refuseUpgrade : ProxyRequest::error;
    if (token.isEmpty()) {
      refuse.send(out, 400, "No console token", "The console's address carries no"
          + " token (?token=...). " + NEW_URL);
      return Optional.empty();
    }
    Optional<Console> c = tokens.apply(token);
    if (c.isEmpty()) {
      refuse.send(out, 403, "Console token unknown or expired", "This console URL"
          + " no longer opens a console: its token has expired (tokens last 10 minutes), was"
          + " never issued here, or its server was deleted. " + NEW_URL);
    }
    return c;
  }

  @FunctionalInterface
  private interface Refusal {
    void send(OutputStream out, int status, String title, String explanation) throws IOException;
  }

  /** A file of the web client; a noVNC page whose console token is invalid shows why. */
  private void file(ProxyRequest r, OutputStream out, boolean head) throws IOException {
    if (!Files.isDirectory(web)) {
      ProxyRequest.error(out, 503, "noVNC is not installed", "The console proxy serves the"
          + " noVNC web client from " + web + ", which does not exist. Install it"
          + " (`apt-get install novnc`; conformance/install-clients.sh does) or set"
          + " compute.novnc_web to where it is.");
      return;
    }
    Path p;
    try {
      p = web.resolve(r.path().substring(1)).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      p = null; // e.g. a NUL byte in the path: no such file
    }
    if (p == null || !p.startsWith(web) || r.path().contains("\\") || !Files.isRegularFile(p)) {
      ProxyRequest.error(out, 404, "Not found", "The console proxy has no file " + r.path()
          + ". Console URLs look like /vnc_lite.html?path=%3Ftoken%3D...: " + NEW_URL);
      return;
    }
    String name = p.getFileName().toString();
    if (name.endsWith(".html")) {
      String token = pageToken(r);
      if (token != null && console(token, out, false).isEmpty()) {
        return;
      }
    }
    String ext = name.substring(name.lastIndexOf('.') + 1);
    ProxyRequest.respond(out, 200, TYPES.getOrDefault(ext, "application/octet-stream"),
        Files.readAllBytes(p), !head);
  }

  /** The token a noVNC page will connect with: ?token= or inside ?path=...%3Ftoken%3D...; */
  private static String pageToken(ProxyRequest r) {
    String t = r.param("token");
    if (!t.isEmpty()) {
      return t;
    }
    String path = r.param("path");
    int q = path.indexOf('?');
    if (q < 0) {
      return null;
    }
    String inner = ProxyRequest.param(path.substring(q + 1), "token");
    return inner.isEmpty() ? null : inner;
  }
}
