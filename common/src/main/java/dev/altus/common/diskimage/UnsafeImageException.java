package dev.altus.common.diskimage;

/**
 * A disk image that must not be opened: its content is not the format it claims, or it is a
 * format whose header makes the reader open other files (a backing file, an external data file,
 * VMDK extents). The message says which, for the user who uploaded it.
 */
public final class UnsafeImageException extends RuntimeException {
  public UnsafeImageException(String message) {
    super(message);
  }
}
