package dev.altus.image.backend;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * 1 MiB heap buffers reused across image transfers. A transfer's buffers live for seconds, long
 * enough to be promoted to the old generation; fresh ones for every transfer piled up there until a
 * full collection, and the server's RSS climbed ~8 MiB with every upload whatever its size.
 */
public final class TransferBuffers {
  /** The size of every buffer. */
  public static final int SIZE = 1024 * 1024;
  private static final ArrayBlockingQueue<byte[]> SPARE = new ArrayBlockingQueue<>(32);

  private TransferBuffers() {}

  /** A buffer of {@link #SIZE} bytes (old contents: whatever the last user left). */
  public static byte[] take() {
    byte[] b = SPARE.poll();
    return b != null ? b : new byte[SIZE];
  }

  /** Hands a buffer from {@link #take} back; the caller must not touch it afterwards. */
  public static void give(byte[] b) {
    if (b != null && b.length == SIZE) {
      SPARE.offer(b);
    }
  }
}
