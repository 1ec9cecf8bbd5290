package dev.altus.dashboard;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The same-origin path to every service: {@code /api/<service type>/<path>} goes to that
 * service's public endpoint in the user's catalog with the user's own token, so each service
 * makes its own permission checks; bodies stream both ways (image uploads are not held in
 * memory). Only the headers the OpenStack APIs use pass; cookies never leave the dashboard.
 */
final class ApiProxy {
  /** Request headers passed to the service (besides X-Auth-Token, which the session supplies). */
  static final List<String> REQUEST_HEADERS = List.of("Content-Type", "Accept",
      "OpenStack-API-Version", "X-OpenStack-Nova-API-Version", "X-OpenStack-Request-Id");
  /** Response headers passed back to the page. */
  static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "OpenStack-API-Version",
      "X-OpenStack-Nova-API-Version", "x-openstack-request-id", "Retry-After", "Content-Range");
  private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH",
      "DELETE");
  private final HttpClient http;

  ApiProxy(HttpClient http) {
    this.http = http;
  }

  /** The service's answer has been written to {@code res}; its status is returned. */
  int forward(Session session, String type, String rest, ServerRequest req, ServerResponse res)
      throws ServiceError, IOException {
    String base = session.catalog().get(type);
    if (base == null) {
      throw new ServiceError(404, "There is no '" + type + "' service in your project's catalog.");
    }
    String method = req.prologue().method().text();
    if (!METHODS.contains(method)) {
      throw new ServiceError(405, "The dashboard does not pass " + method + " requests.");
    }
    for (String segment : rest.split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        throw new ServiceError(400, "A path with '" + segment + "' segments is not passed on.");
      }
    }
    String query = req.query().rawValue();
    URI target;
    try {
      target = URI.create(base.replaceAll("/+$", "") + (rest.isEmpty() ? "" : "/" + rest)
          + (query == null || query.isEmpty() ? "" : "?" + query));
    } catch (IllegalArgumentException e) {
      throw new ServiceError(400, "The path cannot be passed on: " + e.getMessage());
    }
    HttpRequest.Builder out = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(30))
        .header("X-Auth-Token", session.token());
    for (String h : REQUEST_HEADERS) {
      req.headers().first(HeaderNames.create(h)).ifPresent(v -> out.header(h, v));
    }
    if (WITH_BODY.contains(method)) {
      long length = req.headers().contentLength().orElse(-1);
      var stream = HttpRequest.BodyPublishers.ofInputStream(() -> req.content().inputStream());
      out.method(method, length >= 0
          ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream);
    } else {
      out.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<InputStream> answer;
    try {
      answer = http.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new ServiceError(502, "The " + type + " service at " + base + " cannot be reached: "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceError(503, "Interrupted while waiting for the " + type + " service.");
    }
    res.status(answer.statusCode());
    for (String h : RESPONSE_HEADERS) {
      answer.headers().firstValue(h).ifPresent(v -> res.header(h, v));
    }
    try (InputStream in = answer.body()) {
      long length = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (method.equals("HEAD") || answer.statusCode() == 204 || answer.statusCode() == 304) {
        res.send();
      } else {
        if (length >= 0) {
          res.header(HeaderNames.CONTENT_LENGTH, Long.toString(length));
        }
        try (OutputStream os = res.outputStream()) {
          in.transferTo(os);
        }
      }
    }
    return answer.statusCode();
  }
}
