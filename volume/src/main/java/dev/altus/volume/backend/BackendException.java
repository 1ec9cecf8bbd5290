package dev.altus.volume.backend;

/** A backend operation that failed; the message says what failed and why. */
public final class BackendException extends RuntimeException {
  public BackendException(String message) {
    super(message);
  }

  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
