package dev.altus.image.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link ImageStore} contract; every backend's test extends this. */
abstract class ImageStoreContract {
  ImageStore store;
  Path dir;

  abstract ImageStore create(Path dir);

  @BeforeEach
  void open() throws IOException {
    dir = Files.createTempDirectory("store");
    store = create(dir);
  }

  static String id() {
    return UUID.randomUUID().toString();
  }

  @Test
  void storesReadsAndDigests() throws Exception {
    String id = id();
    var d = store.write(id, new ByteArrayInputStream("hello world".getBytes()), -1);
    assertThat(d.size()).isEqualTo(11);
    assertThat(d.md5Hex()).isEqualTo("5eb63bbbe01eeed093cb22bb8f5acdc3");
    assertThat(d.sha512Hex()).startsWith("309ecc489c12d6eb4cc40f50c902f2b4");
    try (InputStream in = store.open(id, 6)) {
      assertThat(new String(in.readAllBytes())).isEqualTo("world");
    }
    assertThat(store.size(id)).contains(11L);
    assertThat(store.storedIds()).containsExactly(id);
  }

  @Test
  void aFailedWriteLeavesNothingAndKeepsEarlierData() throws Exception {
    String id = id();
    store.write(id, new ByteArrayInputStream("old".getBytes()), -1);
    InputStream broken = new InputStream() {
      int n;

      @Override
      public int read() throws IOException {
        if (n++ > 1000) {
          throw new IOException("client went away");
        }
        return 'x';
      }
    };
    assertThatThrownBy(() -> store.write(id, broken, -1)).isInstanceOf(IOException.class);
    try (InputStream in = store.open(id, 0)) {
      assertThat(new String(in.readAllBytes())).isEqualTo("old");
    }
    assertThat(store.removeIncomplete()).isZero();
  }

  @Test
  void overTheLimitIsRefusedAndNothingStays() throws Exception {
    String id = id();
    assertThatThrownBy(() -> store.write(id, new ByteArrayInputStream(new byte[101]), 100))
        .isInstanceOf(ImageStore.TooLargeException.class);
    assertThat(store.size(id)).isEmpty();
    assertThat(store.storedIds()).isEmpty();
    assertThat(store.write(id, new ByteArrayInputStream(new byte[100]), 100).size()).isEqualTo(100);
  }

  @Test
  void largeDataWithAPartialLastBlockKeepsEveryByteAndItsDigests() throws Exception {
    // several pooled buffers, a last block off any alignment, and a body that arrives in odd pieces
    byte[] data = new byte[3 * 1024 * 1024 + 4096 * 3 + 123];
    new java.util.Random(7).nextBytes(data);
    InputStream dribble = new java.io.FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 8191));
      }
    };
    String id = id();
    var d = store.write(id, dribble, -1);
    assertThat(d.size()).isEqualTo(data.length);
    assertThat(d.md5Hex()).isEqualTo(hex("MD5", data, 0));
    assertThat(d.sha512Hex()).isEqualTo(hex("SHA-512", data, 0));
    for (long offset : new long[] {0, 1, 4095, 4096, 1024 * 1024 + 17, data.length - 1}) {
      try (InputStream in = store.open(id, offset)) {
        assertThat(hex("MD5", in.readAllBytes(), 0)).as("from %d", offset)
            .isEqualTo(hex("MD5", data, (int) offset));
      }
    }
    try (InputStream in = store.open(id, 4000, 200)) {
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 4000, 4200));
    }
  }

  static String hex(String alg, byte[] data, int from) throws Exception {
    var md = java.security.MessageDigest.getInstance(alg);
    md.update(data, from, data.length - from);
    return java.util.HexFormat.of().formatHex(md.digest());
  }

  @Test
  void deletingAnAbsentImageIsNotAnError() throws Exception {
    store.delete(id());
    String id = id();
    store.write(id, new ByteArrayInputStream(new byte[3]), -1);
    store.delete(id);
    assertThat(store.size(id)).isEmpty();
  }
}
