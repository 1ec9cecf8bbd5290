package dev.altus.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: a status, headers and a JSON body, raw bytes or a streamed body. */
public final class ApiResponse {
  /** Writes a large body without holding it in memory. */
  @FunctionalInterface
  public interface BodyWriter {
    void write(OutputStream out) throws IOException;
  }

  private final int status;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final byte[] body;
  private final BodyWriter writer;
  private final long contentLength;

  private ApiResponse(int status, byte[] body, BodyWriter writer, long contentLength) {
    this.status = status;
    this.body = body;
    this.writer = writer;
    this.contentLength = contentLength;
  }

  public static ApiResponse json(int status, JsonNode body) {
    ApiResponse r = new ApiResponse(status, Json.bytes(body), null, -1);
    r.headers.put("Content-Type", "application/json");
    return r;
  }

  public static ApiResponse ok(JsonNode body) {
    return json(200, body);
  }

  public static ApiResponse created(JsonNode body) {
    return json(201, body);
  }

  public static ApiResponse empty(int status) {
    return new ApiResponse(status, new byte[0], null, -1);
  }

  public static ApiResponse noContent() {
    return empty(204);
  }

  public static ApiResponse bytes(int status, String contentType, byte[] body) {
    ApiResponse r = new ApiResponse(status, body, null, -1);
    r.headers.put("Content-Type", contentType);
    return r;
  }

  public static ApiResponse stream(int status, String contentType, long length, BodyWriter w) {
    ApiResponse r = new ApiResponse(status, null, w, length);
    r.headers.put("Content-Type", contentType);
    return r;
  }

  public ApiResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public byte[] body() {
    return body;
  }

  public BodyWriter writer() {
    return writer;
  }

  public long contentLength() {
    return contentLength;
  }
}
