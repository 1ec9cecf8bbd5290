package dev.altus.compute.service.keys;

/** A public key or certificate that cannot be used; the message says what is wrong with it. */
public final class InvalidKeyException extends Exception {
  public InvalidKeyException(String message) {
    super(message);
  }
}
