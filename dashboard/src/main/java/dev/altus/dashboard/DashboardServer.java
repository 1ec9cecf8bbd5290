package dev.altus.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's web server: one origin for the page, its session ({@code /session}) and every
 * service ({@code /api/<type>/...}, see {@link ApiProxy}). It holds no database connection and no
 * credential of its own: each user's token, obtained with their password, stays on this server
 * and the browser holds only an httpOnly, SameSite=Strict cookie naming the session; requests
 * that change anything must also carry the session's CSRF token in {@code X-CSRF-Token} and come
 * from this origin.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  static final String COOKIE = "altus_dashboard_session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none';"
      + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  private static final int MAX_SESSION_BODY = 64 * 1024;
  private final DashboardConfig config;
  private final Sessions sessions;
  private final SessionResource sessionResource;
  private final ApiProxy proxy;
  private final StaticAssets assets = new StaticAssets(DashboardServer.class.getClassLoader());
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().daemon().name("dashboard-sessions").unstarted(r));
  private WebServer server;

  public DashboardServer(DashboardConfig config, Clock clock) {
    this.config = config;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER)
        .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    this.sessions = new Sessions(clock);
    this.sessionResource = new SessionResource(new IdentityClient(http, config.identityUrl()),
        sessions, clock, config.renewalWarning());
    this.proxy = new ApiProxy(http);
  }

  /** Listens on host:port (port 0: a free one). */
  public DashboardServer start(String host) {
    try {
      server = WebServer.builder().host(host).address(InetAddress.getByName(host))
          .port(config.port()).maxPayloadSize(-1)
          .routing(r -> r.any(this::serve)).build().start();
    } catch (Exception e) {
      throw new IllegalStateException("The dashboard could not listen on " + host + ":"
          + config.port() + " (" + e.getMessage() + "). Set dashboard.port to a free port, or"
          + " dashboard.enabled=false.", e);
    }
    sweeper.scheduleWithFixedDelay(sessions::sweep, 1, 1, TimeUnit.MINUTES);
    if (!assets.built()) {
      LOG.warn("the dashboard's pages were not built into this jar (built with"
          + " -Ddashboard.skipWeb=true?): rebuild with ./altus or ./mvnw package");
    }
    LOG.info("dashboard listening on http://{}:{}", host, server.port());
    return this;
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    if (server != null) {
      server.stop();
    }
  }

  private void serve(ServerRequest req, ServerResponse res) throws IOException {
    res.header("Content-Security-Policy", CSP);
    res.header("X-Content-Type-Options", "nosniff");
    res.header("Referrer-Policy", "no-referrer");
    res.header("X-Frame-Options", "DENY");
    String method = req.prologue().method().text();
    String path = req.path().rawPath();
    try {
      if (path.equals("/session") || path.startsWith("/session/")) {
        session(method, path, req, res);
      } else if (path.startsWith("/api/")) {
        api(method, path, req, res);
      } else if (method.equals("GET") || method.equals("HEAD")) {
        page(path, req, res);
      } else {
        throw new ServiceError(405, "Only GET and HEAD are served for " + path + ".");
      }
    } catch (ServiceError e) {
      if (!res.isSent()) {
        error(res, e.status(), e.getMessage());
      }
    }
  }

  private void session(String method, String path, ServerRequest req, ServerResponse res)
      throws ServiceError {
    res.header("Cache-Control", "no-store");
    if (path.equals("/session") && method.equals("POST")) {
      sameOrigin(req);
      Session s = sessionResource.signIn(jsonBody(req));
      res.header("Set-Cookie", cookie(req, s.id(), -1));
      json(res, 201, sessionResource.view(s));
      return;
    }
    Session s = current(req);
    switch (method + " " + path) {
      case "GET /session" -> json(res, 200, sessionResource.view(s));
      case "GET /session/projects" ->
          json(res, 200, SessionResource.projectsView(sessionResource.projects(s)));
      case "PUT /session/project" -> {
        csrf(req, s);
        json(res, 200, sessionResource.view(sessionResource.switchProject(s, jsonBody(req))));
      }
      case "POST /session/renew" -> {
        csrf(req, s);
        json(res, 200, sessionResource.view(sessionResource.renew(s, jsonBody(req))));
      }
      case "DELETE /session" -> {
        csrf(req, s);
        sessionResource.signOut(s);
        res.header("Set-Cookie", cookie(req, "", 0));
        res.status(204).send();
      }
      default -> throw new ServiceError(404, "No such session resource: " + method + " " + path);
    }
  }

  private void api(String method, String path, ServerRequest req, ServerResponse res)
      throws ServiceError, IOException {
    Session s = current(req);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      csrf(req, s);
    }
    res.header("Cache-Control", "no-store");
    String rest = path.substring("/api/".length());
    int slash = rest.indexOf('/');
    String type = slash < 0 ? rest : rest.substring(0, slash);
    int status = proxy.forward(s, type, slash < 0 ? "" : rest.substring(slash + 1), req, res);
    if (status == 401) {
      // the token was revoked or expired under the session: it cannot serve another request
      sessions.remove(s.id());
    }
  }

  private void page(String path, ServerRequest req, ServerResponse res) throws ServiceError {
    Optional<StaticAssets.Asset> found = assets.find(path);
    if (found.isEmpty()) {
      if (path.equals("/") || path.equals("/index.html")) {
        throw new ServiceError(503, "The dashboard's pages are not in this build; rebuild with"
            + " ./altus (or ./mvnw package) on a machine with node and npm.");
      }
      throw new ServiceError(404, "No such page: " + path);
    }
    StaticAssets.Asset a = found.get();
    res.header("Content-Type", a.type());
    res.header("Cache-Control", a.cacheControl());
    res.header("Vary", "Accept-Encoding");
    boolean gzip = a.gzip() != null && req.headers().first(HeaderNames.ACCEPT_ENCODING)
        .map(v -> v.contains("gzip")).orElse(false);
    byte[] body = gzip ? a.gzip() : a.bytes();
    if (gzip) {
      res.header("Content-Encoding", "gzip");
    }
    if (req.prologue().method().text().equals("HEAD")) {
      res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
      res.send();
    } else {
      res.send(body);
    }
  }

  /** The live session the cookie names, else 401. */
  private Session current(ServerRequest req) throws ServiceError {
    String id = req.headers().first(HeaderNames.COOKIE).map(DashboardServer::sessionCookie)
        .orElse(null);
    return sessions.find(id).orElseThrow(() -> new ServiceError(401,
        "You are not signed in, or your session has ended; sign in again."));
  }

  static String sessionCookie(String header) {
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith(COOKIE + "=")) {
        return p.substring(COOKIE.length() + 1);
      }
    }
    return null;
  }

  private static String cookie(ServerRequest req, String value, int maxAge) {
    boolean https = req.headers().first(HeaderNames.create("X-Forwarded-Proto"))
        .map("https"::equalsIgnoreCase).orElse(false) || req.isSecure();
    return COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict"
        + (maxAge >= 0 ? "; Max-Age=" + maxAge : "") + (https ? "; Secure" : "");
  }

  /** A state-changing request must carry the session's CSRF token and come from this origin. */
  private static void csrf(ServerRequest req, Session s) throws ServiceError {
    sameOrigin(req);
    String sent = req.headers().first(HeaderNames.create(CSRF_HEADER)).orElse("");
    if (!MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
        s.csrf().getBytes(StandardCharsets.UTF_8))) {
      throw new ServiceError(403, "The request lacks this session's " + CSRF_HEADER
          + " header; reload the page.");
    }
  }

  /** Refuses requests a browser marks as coming from another site or origin. */
  static void sameOrigin(ServerRequest req) throws ServiceError {
    String site = req.headers().first(HeaderNames.create("Sec-Fetch-Site")).orElse("");
    if (site.equals("cross-site") || site.equals("same-site")) {
      throw new ServiceError(403, "Requests from other sites are refused.");
    }
    Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
    Optional<String> host = req.headers().first(HeaderNames.HOST);
    if (origin.isPresent() && !origin.get().equals("http://" + host.orElse(""))
        && !origin.get().equals("https://" + host.orElse(""))) {
      throw new ServiceError(403, "Requests from origin " + origin.get() + " are refused.");
    }
  }

  private static JsonNode jsonBody(ServerRequest req) throws ServiceError {
    String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
    if (!type.toLowerCase().startsWith("application/json")) {
      throw new ServiceError(415, "Send the request as application/json.");
    }
    byte[] body;
    try (InputStream in = req.content().inputStream()) {
      body = in.readNBytes(MAX_SESSION_BODY + 1);
    } catch (IOException e) {
      throw new ServiceError(400, "The request body could not be read.");
    }
    if (body.length > MAX_SESSION_BODY) {
      throw new ServiceError(413, "The request body is larger than " + MAX_SESSION_BODY
          + " bytes.");
    }
    return SessionResource.parse(body).orElseThrow(() ->
        new ServiceError(400, "The request body must be a JSON object."));
  }

  private static void json(ServerResponse res, int status, JsonNode body) {
    res.status(status).header("Content-Type", "application/json").send(
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The dashboard's own refusals, in the identity service's shape: {"error": {...}}. */
  private static void error(ServerResponse res, int status, String message) {
    ObjectNode o = SessionResource.JSON.createObjectNode();
    o.putObject("error").put("code", status).put("message", message);
    res.header("Cache-Control", "no-store");
    json(res, status, o);
  }
}
