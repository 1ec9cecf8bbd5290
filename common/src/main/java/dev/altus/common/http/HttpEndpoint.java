package dev.altus.common.http;

import dev.altus.common.auth.TokenValidator;
import dev.altus.common.error.ApiException;
import io.helidon.http.DirectHandler;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's HTTP listener (identity on 5000, image on 9292, ...). Helidon hands every request
 * to a single handler here, which assigns a request id, routes, renders errors in the service's own
 * format, and records metrics. Requests run on virtual threads; keep-alive is Helidon's.
 */
public final class HttpEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

  private final String name;
  private final MeterRegistry meters;
  private final Supplier<String> metricsText;
  private final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
  private volatile Router router;
  private volatile FaultFormat faults;
  private volatile TokenValidator authenticator;
  private boolean bulkData;
  private WebServer server;

  public HttpEndpoint(
      String name,
      Router router,
      FaultFormat faults,
      TokenValidator authenticator,
      MeterRegistry meters,
      Supplier<String> metricsText) {
    this(name, meters, metricsText);
    bind(router, faults, authenticator);
  }

  /**
   * An endpoint whose service is bound later with {@link #bind}: the socket can open while the
   * service still starts, and requests wait for it (up to two minutes) instead of being refused.
   */
  public HttpEndpoint(String name, MeterRegistry meters, Supplier<String> metricsText) {
    this.name = Objects.requireNonNull(name);
    this.meters = Objects.requireNonNull(meters);
    this.metricsText = Objects.requireNonNull(metricsText);
  }

  /** Attaches the service's routes, fault format and token validator; requests flow from now on. */
  public HttpEndpoint bind(Router router, FaultFormat faults, TokenValidator authenticator) {
    this.router = Objects.requireNonNull(router);
    this.faults = Objects.requireNonNull(faults);
    this.authenticator = Objects.requireNonNull(authenticator);
    ready.countDown();
    return this;
  }

  /**
   * For services whose bodies run to gigabytes (image data): the listener uses blocking sockets,
   * which hand a large response write to the kernel in one piece, where Helidon's default NIO
   * socket copies every read and write through an 8 KiB staging buffer (a syscall and two copies
   * per 8 KiB: on a 1 GiB download that is most of the server's CPU). Call before {@link #start}.
   */
  public HttpEndpoint bulkData() {
    this.bulkData = true;
    return this;
  }

  /** Binds and starts; fails with a message naming the port if it is taken. */
  public HttpEndpoint start(String host, int port) {
    try {
      server =
          WebServer.builder()
              .host(host)
              .port(port)
              .address(InetAddress.getByName(host))
              .maxPayloadSize(-1)
              .useNio(!bulkData)
              .routing(r -> r.any(this::serve))
              .directHandlers(d -> d.addHandler(DirectHandler.EventType.BAD_REQUEST,
                  this::badRequest))
              .build()
              .start();
    } catch (Exception e) {
      throw new IllegalStateException(
          "The " + name + " API could not listen on " + host + ":" + port + " (" + e.getMessage()
              + "). Is another process using the port? Stop it or choose another port.", e);
    }
    LOG.info("{} API listening on http://{}:{}", name, host, server.port());
    return this;
  }

  /**
   * A request the HTTP layer refuses before routing (a query or path that does not decode, a
   * malformed header) is answered in the service's fault format, like every other error; the
   * connection closes after it, since what follows such a request cannot be trusted.
   */
  private DirectHandler.TransportResponse badRequest(DirectHandler.TransportRequest req,
      DirectHandler.EventType type, Status status, ServerResponseHeaders headers, String message) {
    FaultFormat f = faults;
    String text = "The request could not be read: " + (message == null ? status.reasonPhrase() : message);
    DirectHandler.TransportResponse.Builder b = DirectHandler.TransportResponse.builder()
        .status(status).headers(headers).keepAlive(false);
    if (f == null) {
      return b.entity(text).build();
    }
    ApiResponse out = f.render(new ApiException(status.code(), "BadRequest", text));
    out.headers().forEach((k, v) -> b.header(HeaderNames.create(k), v));
    return b.entity(out.body()).build();
  }

  public int port() {
    return server.port();
  }

  public void stop() {
    if (server != null) {
      server.stop();
    }
  }

  /** Runs a request through routing and error mapping without a socket (tests, in-process). */
  public ApiResponse dispatch(ApiRequest request, String method, String path) {
    Router.Lookup lookup = router.lookup(method, path);
    try {
      if (lookup.match() == null) {
        if (!lookup.allowedMethods().isEmpty()) {
          throw ApiException.methodNotAllowed(
              "The method " + method + " is not allowed for " + path + "; allowed: "
                  + String.join(", ", lookup.allowedMethods()) + ".");
        }
        throw ApiException.notFound("The resource could not be found.");
      }
      if (!lookup.match().open()) {
        request.context(); // 401 before the handler looks at anything
      }
      ApiResponse r = lookup.match().handler().handle(request);
      return r;
    } catch (ApiException e) {
      return faults.render(e);
    } catch (Exception | StackOverflowError e) {
      ApiException tooLong = dev.altus.common.db.DataErrors.tooLong(e);
      if (tooLong != null) {
        return faults.render(tooLong);
      }
      LOG.error("{} {} {} failed [{}]", name, method, path, request.requestId(), e);
      return faults.render(
          new ApiException(500, "InternalError",
              "An unexpected error prevented the server from fulfilling your request (request id "
                  + request.requestId() + "); the server log has the details."));
    }
  }

  private void serve(ServerRequest req, ServerResponse res) throws Exception {
    if (!ready.await(2, java.util.concurrent.TimeUnit.MINUTES)) {
      res.status(503).header("Retry-After", "5").send(("The " + name + " service is still starting.").getBytes());
      return;
    }
    long start = System.nanoTime();
    String method = req.prologue().method().text();
    String path = req.path().rawPath();
    String requestId = "req-" + UUID.randomUUID();
    ApiResponse out;
    if ((path.equals("/healthcheck") || path.equals("/metrics")) && method.equals("GET")) {
      out = path.equals("/metrics")
          ? ApiResponse.bytes(200, "text/plain; version=0.0.4", metricsText.get().getBytes())
          : ApiResponse.bytes(200, "text/plain", "OK".getBytes());
    } else {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      req.headers().forEach(h -> headers.put(h.name(), h.allValues()));
      Map<String, List<String>> query = new LinkedHashMap<>();
      for (String n : req.query().names()) {
        query.put(n, req.query().all(n));
      }
      Router.Lookup lookup = router.lookup(method, path);
      Map<String, String> params = lookup.match() == null ? Map.of() : lookup.match().params();
      ApiRequest request =
          new ApiRequest(method, path, params, query, new Headers(headers),
              () -> req.content().inputStream(), requestId);
      request.authenticator(authenticator);
      out = dispatch(request, method, path);
      if (!req.content().consumed()) {
        try {
          req.content().consume();
        } catch (RuntimeException ignored) {
          // the client may have sent nothing; the connection stays usable
        }
      }
    }
    res.status(out.status());
    res.header("x-openstack-request-id", requestId);
    for (Map.Entry<String, String> h : out.headers().entrySet()) {
      res.header(h.getKey(), h.getValue());
    }
    if (method.equals("HEAD")) {
      // a HEAD answer has no body, not even a streamed one: bytes written after its head would be
      // read by the client as the start of the next response on the kept-alive connection. The
      // length is the GET's (a streamed body of unknown length is counted, not sent).
      long length = out.writer() == null ? out.body().length : out.contentLength();
      if (length < 0) {
        CountingStream counter = new CountingStream();
        out.writer().write(counter);
        length = counter.count;
      }
      res.header(HeaderNames.CONTENT_LENGTH, Long.toString(length));
      res.send();
    } else if (out.writer() != null) {
      if (out.contentLength() >= 0) {
        res.header(HeaderNames.CONTENT_LENGTH, Long.toString(out.contentLength()));
      }
      try (OutputStream os = res.outputStream()) {
        out.writer().write(os);
      }
    } else {
      res.send(out.body());
    }
    Timer.builder("altus_http_requests")
        .tag("service", name)
        .tag("method", method)
        .tag("status", Integer.toString(out.status()))
        .register(meters)
        .record(Duration.ofNanos(System.nanoTime() - start));
    if (LOG.isDebugEnabled() || out.status() >= 500) {
      LOG.info("{} {} {} -> {} [{}] {} ms", name, method, path, out.status(), requestId,
          (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** Counts what a body writer writes, for the length of a HEAD answer. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
