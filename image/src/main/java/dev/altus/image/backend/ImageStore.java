package dev.altus.image.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Where image bytes live. Contract for every implementation:
 * <ul>
 *   <li>{@link #write} consumes the stream and makes the data durable under the image's id only when
 *       the whole stream was read; on any failure (client gone, disk full, over the byte limit)
 *       nothing is left behind and the previous data, if any, is untouched.
 *   <li>Readers never see a partly written image.
 *   <li>{@link #delete} of an absent image is not an error.
 * </ul>
 */
public interface ImageStore {
  /** The digests and size of data just stored. */
  record StoredData(long size, String md5Hex, String sha512Hex) {}

  /** Thrown when the stream holds more than the allowed number of bytes; nothing was stored. */
  final class TooLargeException extends IOException {
    public TooLargeException(String message) {
      super(message);
    }
  }

  /**
   * Reads {@code data} to its end and stores it as the image's data, at most {@code maxBytes} bytes
   * (negative: no limit).
   */
  StoredData write(String imageId, InputStream data, long maxBytes) throws IOException;

  /** Opens the image's data positioned at {@code offset}. */
  default InputStream open(String imageId, long offset) throws IOException {
    return open(imageId, offset, Long.MAX_VALUE);
  }

  /**
   * Opens {@code length} bytes of the image's data from {@code offset} (fewer if the data ends
   * first), so a store need not read ahead past what a range asks for.
   */
  InputStream open(String imageId, long offset, long length) throws IOException;

  /** The size of the stored data, empty if the image has none. */
  Optional<Long> size(String imageId) throws IOException;

  /** A local file holding the data, when the backend has one (for qemu-img). */
  Optional<Path> localFile(String imageId);

  void delete(String imageId) throws IOException;

  /** The ids of every image with data, for reconciling with the database at start-up. */
  Set<String> storedIds() throws IOException;

  /** Removes leftovers of uploads that never completed (a crash mid-upload). */
  int removeIncomplete() throws IOException;
}
