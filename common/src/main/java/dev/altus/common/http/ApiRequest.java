package dev.altus.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.auth.TokenValidator;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What an API handler sees of an HTTP request: method, path parameters, query, headers, body and the
 * authenticated caller. Independent of the HTTP server library.
 */
public final class ApiRequest {
  private final String method;
  private final String path;
  private final Map<String, String> pathParams;
  private final Map<String, List<String>> query;
  private final Headers headers;
  private final Supplier<InputStream> bodyStream;
  private final String requestId;
  private byte[] body;
  private RequestContext context;
  private TokenValidator authenticator = t -> Optional.empty();
  private boolean resolved;
  private long maxBodySize = HttpLimits.DEFAULT_MAX_REQUEST_BODY_SIZE;

  public ApiRequest(
      String method,
      String path,
      Map<String, String> pathParams,
      Map<String, List<String>> query,
      Headers headers,
      Supplier<InputStream> bodyStream,
      String requestId) {
    this.method = method;
    this.path = path;
    this.pathParams = pathParams;
    this.query = query;
    this.headers = headers;
    this.bodyStream = bodyStream;
    this.requestId = requestId;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public String requestId() {
    return requestId;
  }

  /** A path parameter declared in the route template as {@code {name}}. */
  public String param(String name) {
    String v = pathParams.get(name);
    if (v == null) {
      throw new IllegalStateException("route has no parameter " + name);
    }
    return v;
  }

  public Map<String, List<String>> query() {
    return query;
  }

  public Optional<String> queryParam(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** A boolean query flag: present without value, "true", "1", "yes" count as true. */
  public boolean queryFlag(String name) {
    List<String> v = query.get(name);
    if (v == null) {
      return false;
    }
    if (v.isEmpty()) {
      return true; // a key-only flag such as ?nocatalog
    }
    String s = v.get(0).toLowerCase();
    return s.isEmpty() || s.equals("true") || s.equals("1") || s.equals("yes") || s.equals("on");
  }

  public Optional<Boolean> queryBoolean(String name) {
    return queryParam(name)
        .map(
            s -> {
              String l = s.toLowerCase();
              if (l.equals("true") || l.equals("1") || l.equals("yes") || l.equals("on")) {
                return true;
              }
              if (l.equals("false") || l.equals("0") || l.equals("no") || l.equals("off")) {
                return false;
              }
              throw ApiException.badRequest(
                  "Invalid value '" + s + "' for query parameter '" + name + "': expected a boolean.");
            });
  }

  public Headers headers() {
    return headers;
  }

  public Optional<String> header(String name) {
    return headers.first(name);
  }

  /**
   * The whole body, read once and kept; for small JSON bodies. A body over the API's limit is a
   * 413, refused from its Content-Length or, when chunked, as soon as the limit is passed: no more
   * than the limit is ever held.
   */
  public byte[] body() {
    if (body == null) {
      Optional<String> length = header("Content-Length");
      if (length.isPresent() && declaredLength(length.get()) > maxBodySize) {
        throw tooLarge();
      }
      int cap = (int) Math.min(maxBodySize, Integer.MAX_VALUE - 16);
      byte[] read;
      try (InputStream in = bodyStream.get()) {
        read = in.readNBytes(cap + 1);
      } catch (java.io.IOException e) {
        throw ApiException.badRequest("Could not read the request body: " + e.getMessage());
      }
      if (read.length > cap) {
        throw tooLarge();
      }
      body = read;
    }
    return body;
  }

  private static long declaredLength(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Content-Length '" + value + "' is not a number of bytes.");
    }
  }

  private ApiException tooLarge() {
    return ApiException.tooLarge("The request body is larger than the " + maxBodySize
        + " bytes this API accepts (max_request_body_size).");
  }

  /** The largest body {@link #body()} reads; streamed bodies ({@link #bodyStream()}) have their own. */
  public void maxBodySize(long bytes) {
    this.maxBodySize = bytes;
  }

  /**
   * The body as a stream, for large uploads; not bounded by the API's body limit, so the caller
   * enforces its own (image size cap, quota).
   */
  public InputStream bodyStream() {
    return bodyStream.get();
  }

  public JsonNode json() {
    return Json.parse(body());
  }

  /** The authenticated caller; a 401 when the request carries no valid token. */
  public RequestContext context() {
    return optionalContext()
        .orElseThrow(
            () -> ApiException.unauthorized("The request you have made requires authentication."));
  }

  /** The caller if the request carries a valid X-Auth-Token, resolved once on first use. */
  public Optional<RequestContext> optionalContext() {
    if (!resolved) {
      resolved = true;
      Optional<String> token = header("X-Auth-Token");
      if (token.isPresent()) {
        context = authenticator.validate(token.get()).orElse(null);
      }
    }
    return Optional.ofNullable(context);
  }

  /** Sets how a token becomes a caller. */
  public void authenticator(TokenValidator a) {
    this.authenticator = a;
  }
}
