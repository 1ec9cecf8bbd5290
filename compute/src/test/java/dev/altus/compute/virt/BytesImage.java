package dev.altus.compute.virt;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;

/** An image held in memory, for driver tests. */
public record BytesImage(String id, String diskFormat, byte[] bytes) implements ImageSource {
  /** A qcow2-looking image (the qcow2 magic, then random bytes) of {@code size} bytes. */
  public static BytesImage qcow2(String id, int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    b[0] = 'Q';
    b[1] = 'F';
    b[2] = 'I';
    b[3] = (byte) 0xfb;
    return new BytesImage(id, "qcow2", b);
  }

  @Override
  public long size() {
    return bytes.length;
  }

  @Override
  public InputStream open() {
    return new ByteArrayInputStream(bytes);
  }
}
