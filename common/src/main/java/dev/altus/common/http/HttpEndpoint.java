package dev.altus.common.http;

import dev.altus.common.auth.TokenValidator;
import dev.altus.common.db.DatabaseFailures;
import dev.altus.common.error.ApiException;
import io.helidon.common.socket.SocketOptions;
import io.helidon.http.DirectHandler;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
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
  /** How long a refused body is still read (and dropped) so that the client sees the answer. */
  private static final Duration LINGER = Duration.ofSeconds(2);

  private final String name;
  private final MeterRegistry meters;
  private final Supplier<String> metricsText;
  private final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
  private volatile Router router;
  private volatile FaultFormat faults;
  private volatile TokenValidator authenticator;
  private boolean bulkData;
  private HttpLimits limits = HttpLimits.defaults();
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

  /** The body, header and time limits of this listener (defaults otherwise); before {@link #start}. */
  public HttpEndpoint limits(HttpLimits limits) {
    this.limits = Objects.requireNonNull(limits);
    return this;
  }

  public HttpLimits limits() {
    return limits;
  }

  /** Binds and starts; fails with a message naming the port if it is taken. */
  public HttpEndpoint start(String host, int port) {
    try {
      server =
          WebServer.builder()
              .host(host)
              .port(port)
              .address(InetAddress.getByName(host))
              // bodies are limited per request: small ones in ApiRequest, streams by their service
              .maxPayloadSize(-1)
              .useNio(!bulkData)
              .addProtocol(Http1Config.builder()
                  .maxHeadersSize(limits.maxHeadersSize())
                  .maxPrologueLength(Math.min(limits.maxHeadersSize(), 16_384))
                  .build())
              .connectionOptions(SocketOptions.builder().readTimeout(limits.readTimeout()).build())
              .idleConnectionTimeout(limits.idleTimeout())
              .idleConnectionPeriod(idleCheckPeriod(limits.idleTimeout()))
              .directHandlers(transportFaults())
              .routing(r -> r.any(this::serve))
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

  /** The API's name, as given at construction (identity, network, ...). */
  public String name() {
    return name;
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
      return retryHint(faults.render(e));
    } catch (Exception e) {
      ApiException tooLong = dev.altus.common.db.DataErrors.tooLong(e);
      if (tooLong != null) {
        return faults.render(tooLong);
      }
      var busDown = busUnavailable(e);
      if (busDown != null) {
        LOG.error("{} {} {} failed: the message bus is unavailable [{}]: {}", name, method, path,
            request.requestId(), busDown.getMessage());
        return retryHint(faults.render(new ApiException(503, "ServiceUnavailable",
            "The message bus is unavailable (" + busDown.getMessage() + "); the request was not"
                + " completed. Try again in " + DatabaseFailures.RETRY_AFTER_SECONDS
                + " seconds.")));
      }
      if (!DatabaseFailures.isDatabaseFailure(e)) {
        return internalError(request, method, path, e);
      }
      LOG.error("{} {} {} failed: the database is unavailable [{}]: {}", name, method, path,
          request.requestId(), e.toString());
      return retryHint(faults.render(DatabaseFailures.unavailable(e)));
    } catch (StackOverflowError e) {
      return internalError(request, method, path, e);
    }
  }

  private static Throwable busUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof dev.altus.common.bus.MessageBus.BusUnavailableException) {
        return t;
      }
    }
    return null;
  }

  /** A 503 tells the client when to try again, as OpenStack's services do. */
  private static ApiResponse retryHint(ApiResponse r) {
    if (r.status() == 503 && r.headers().keySet().stream().noneMatch("Retry-After"::equalsIgnoreCase)) {
      r.header("Retry-After", Integer.toString(DatabaseFailures.RETRY_AFTER_SECONDS));
    }
    return r;
  }

  private ApiResponse internalError(ApiRequest request, String method, String path, Throwable e) {
    LOG.error("{} {} {} failed [{}]", name, method, path, request.requestId(), e);
    return faults.render(
        new ApiException(500, "InternalError",
            "An unexpected error prevented the server from fulfilling your request (request id "
                + request.requestId() + "); the server log has the details."));
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
    InputStream unread = null;
    if ((path.equals("/healthcheck") || path.equals("/metrics")) && method.equals("GET")) {
      out = path.equals("/metrics")
          ? ApiResponse.bytes(200, "text/plain; version=0.0.4", metricsText.get().getBytes())
          : ApiResponse.bytes(200, "text/plain", "OK".getBytes());
    } else if (req.headers().size() > limits.maxHeaderCount()) {
      out = faults.render(new ApiException(431, "RequestHeaderFieldsTooLarge",
          "The request has " + req.headers().size() + " header fields; this API accepts at most "
              + limits.maxHeaderCount() + "."));
      if (!req.content().consumed()) {
        out.header("Connection", "close");
      }
    } else {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      req.headers().forEach(h -> headers.put(h.name(), h.allValues()));
      Map<String, List<String>> query = new LinkedHashMap<>();
      for (String n : req.query().names()) {
        query.put(n, req.query().all(n));
      }
      Router.Lookup lookup = router.lookup(method, path);
      Map<String, String> params = lookup.match() == null ? Map.of() : lookup.match().params();
      InputStream[] content = new InputStream[1];
      Supplier<InputStream> body = () -> {
        if (content[0] == null) {
          content[0] = req.content().inputStream();
        }
        return content[0];
      };
      ApiRequest request =
          new ApiRequest(method, path, params, query, new Headers(headers), body, requestId);
      request.authenticator(authenticator);
      request.maxBodySize(limits.maxRequestBodySize());
      out = dispatch(request, method, path);
      boolean waiting = content[0] == null && req.headers().contains(HeaderValues.EXPECT_100);
      if (!req.content().consumed() && (waiting || !leftoverDiscarded(req, body))) {
        // more body than this API ever reads: answer, then hang up instead of reading it all
        out.header("Connection", "close");
        unread = waiting ? null : body.get();
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
    if (unread != null) {
      linger(unread);
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

  /**
   * Whether what a handler left of the body could be read and dropped so that the connection
   * serves its next request; a body declared over the limit is not worth reading.
   */
  private boolean leftoverDiscarded(ServerRequest req, Supplier<InputStream> body) {
    long declared = req.headers().contentLength().orElse(0);
    return declared <= limits.maxRequestBodySize()
        && discardRest(body.get(), limits.maxRequestBodySize());
  }

  /**
   * Reads and drops what a handler left of a body, up to {@code max} bytes, so that the connection
   * can serve its next request; false when the body goes on beyond that (or cannot be read).
   */
  private static boolean discardRest(InputStream in, long max) {
    byte[] buf = new byte[8192];
    long left = max;
    try {
      while (left >= 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left + 1));
        if (n < 0) {
          return true;
        }
        left -= n;
      }
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  /**
   * After refusing a body the client is still sending, keeps reading (and dropping) it for a
   * moment before the connection closes: closing a socket with unread data resets it, and a client
   * still writing would then lose the answer it has not read yet (Apache's and nginx's "lingering
   * close"). Bounded in time; nothing is kept.
   */
  private static void linger(InputStream in) {
    long deadline = System.nanoTime() + LINGER.toNanos();
    byte[] buf = new byte[65536];
    try {
      while (System.nanoTime() < deadline && in.read(buf) >= 0) {
        // dropped
      }
    } catch (java.io.IOException | RuntimeException e) {
      // the client hung up: nothing left to protect
    }
  }

  private static Duration idleCheckPeriod(Duration idle) {
    Duration tenth = idle.dividedBy(10);
    return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
        : tenth.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : tenth;
  }

  /**
   * Errors the HTTP layer answers before a request reaches routing (a malformed request line,
   * header block over the limit, bad chunk framing) in the service's own fault format.
   */
  private DirectHandlers transportFaults() {
    DirectHandlers.Builder b = DirectHandlers.builder();
    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
      b.addHandler(type, (request, event, status, headers, message) -> {
        FaultFormat f = faults;
        int code = status.code();
        String text = message == null || message.isBlank() ? status.reasonPhrase() : message;
        if (code == 400 && text.toLowerCase().contains("header") && text.toLowerCase().contains("size")) {
          code = 431;
        } else if (code == 400) {
          text = "The request could not be read: " + text;
        }
        if (f == null) {
          return DirectHandler.defaultHandler().handle(request, event, status, headers, message);
        }
        ApiResponse r = f.render(new ApiException(code, event == DirectHandler.EventType.INTERNAL_ERROR
            ? "InternalError" : code == 413 ? "RequestEntityTooLarge" : "BadRequest", text + "."));
        DirectHandler.TransportResponse.Builder t = DirectHandler.TransportResponse.builder()
            .status(io.helidon.http.Status.create(code))
            .keepAlive(event.keepAlive())
            .entity(r.body());
        r.headers().forEach((k, v) -> t.header(io.helidon.http.HeaderNames.create(k), v));
        return t.build();
      });
    }
    return b.build();
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
