package dev.altus.common.http;

/** One API operation. */
@FunctionalInterface
public interface Handler {
  ApiResponse handle(ApiRequest request) throws Exception;
}
