package dev.altus.common.http;

import java.time.Duration;

/**
 * What one API listener accepts from a client before it refuses or hangs up: the largest request
 * body a handler reads whole (oslo.middleware's {@code max_request_body_size}; streamed bodies such
 * as image data have their own limits), the size and count of request headers, and how long a
 * client may stay silent in the middle of a request or between requests on a kept-alive
 * connection.
 *
 * @param maxRequestBodySize bytes; a larger body is a 413, refused while it is being read
 * @param maxHeadersSize bytes of all header lines together; more is a 431
 * @param maxHeaderCount header fields in one request; more is a 431
 * @param readTimeout longest silence of a client inside a request (the connection is closed)
 * @param idleTimeout longest a kept-alive connection may wait for its next request
 */
public record HttpLimits(
    long maxRequestBodySize,
    int maxHeadersSize,
    int maxHeaderCount,
    Duration readTimeout,
    Duration idleTimeout) {

  /** oslo.middleware's default body limit, 112 KiB. */
  public static final long DEFAULT_MAX_REQUEST_BODY_SIZE = 114_688;
  /** oslo.service's default {@code max_header_line}, applied to the header block. */
  public static final int DEFAULT_MAX_HEADERS_SIZE = 16_384;
  /** The header count Python's HTTP servers (and so OpenStack's) accept. */
  public static final int DEFAULT_MAX_HEADER_COUNT = 100;

  public HttpLimits {
    if (maxRequestBodySize < 1) {
      throw new IllegalArgumentException("max_request_body_size must be at least 1 byte");
    }
    if (maxHeadersSize < 1024) {
      throw new IllegalArgumentException("max_header_size must be at least 1024 bytes");
    }
    if (maxHeaderCount < 10) {
      throw new IllegalArgumentException("max_header_count must be at least 10");
    }
    if (readTimeout.isNegative() || readTimeout.isZero()
        || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("HTTP timeouts must be positive");
    }
  }

  public static HttpLimits defaults() {
    return new HttpLimits(DEFAULT_MAX_REQUEST_BODY_SIZE, DEFAULT_MAX_HEADERS_SIZE,
        DEFAULT_MAX_HEADER_COUNT, Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  /** The same limits with another body limit (each service has its own). */
  public HttpLimits withMaxRequestBodySize(long bytes) {
    return new HttpLimits(bytes, maxHeadersSize, maxHeaderCount, readTimeout, idleTimeout);
  }
}
