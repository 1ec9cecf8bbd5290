package dev.altus.image.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Direct-I/O writes and reads keep every byte whatever the pieces' sizes and offsets. */
class DataFileIoTest {
  @TempDir
  Path dir;

  @Test
  void piecesOffTheAlignmentMidStreamFallBackAndComeBack() throws Exception {
    byte[] data = new byte[5 * 1024 * 1024 + 77];
    new Random(3).nextBytes(data);
    Path f = dir.resolve("f");
    // a flush starts every 1 MiB here, so flushes run beside the writes
    try (DataFileWriter w = new DataFileWriter(f, true, 1024 * 1024)) {
      assumeThat(w.direct()).as("direct I/O on the test's file system").isTrue();
      // aligned, then off the alignment (page cache), then back on it, then a partial tail
      int[] pieces = {2 * 1024 * 1024, 100, 4096 - 100, 1024 * 1024 + 4096, 77, 0};
      int at = 0;
      for (int p : pieces) {
        int n = Math.min(p, data.length - at);
        w.write(Arrays.copyOfRange(data, at, at + n), n);
        at += n;
      }
      w.write(Arrays.copyOfRange(data, at, data.length), data.length - at);
      w.sync();
      assertThat(w.size()).isEqualTo(data.length);
    }
    assertThat(Files.readAllBytes(f)).isEqualTo(data);
    for (long offset : new long[] {0, 5, 4096, DirectIo.BUFFER - 1, DirectIo.BUFFER, data.length - 77,
        data.length}) {
      try (InputStream in = DataFileReader.open(f, offset, Long.MAX_VALUE, true)) {
        assertThat(in).isInstanceOf(DataFileReader.class);
        byte[] got = in.readAllBytes();
        assertThat(got).isEqualTo(Arrays.copyOfRange(data, (int) offset, data.length));
        assertThat(in.read()).isEqualTo(-1);
      }
    }
  }

  @Test
  void withoutDirectIoTheSameBytesArrive() throws Exception {
    byte[] data = new byte[3 * 1024 * 1024 + 5];
    new Random(4).nextBytes(data);
    Path f = dir.resolve("g");
    try (DataFileWriter w = new DataFileWriter(f, false, 1024 * 1024)) {
      assertThat(w.direct()).isFalse();
      for (int at = 0; at < data.length; at += 1000 * 1000) {
        int n = Math.min(1000 * 1000, data.length - at);
        w.write(Arrays.copyOfRange(data, at, at + n), n);
      }
      w.sync();
    }
    assertThat(Files.readAllBytes(f)).isEqualTo(data);
    try (InputStream in = DataFileReader.open(f, 7, Long.MAX_VALUE, false)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 7, data.length));
    }
  }

  @Test
  void stretchesEndWhereAskedOrAtTheEndOfTheFile() throws Exception {
    byte[] data = new byte[9 * 1024 * 1024 + 333];
    new Random(5).nextBytes(data);
    Path f = dir.resolve("h");
    Files.write(f, data);
    long[][] stretches = {{0, 1}, {0, 4096}, {1, 100}, {4095, 2}, {DirectIo.BUFFER - 3, 10},
        {5000, 2 * DirectIo.BUFFER + 7}, {data.length - 10, 10}, {data.length - 10, 1000},
        {123, Long.MAX_VALUE - 123}};
    for (boolean direct : new boolean[] {true, false}) {
      for (long[] st : stretches) {
        int from = (int) st[0];
        int to = (int) Math.min(data.length, st[0] + st[1]);
        try (InputStream in = DataFileReader.open(f, st[0], st[1], direct)) {
          assertThat(in.readAllBytes()).as("%d+%d direct=%s", st[0], st[1], direct)
              .isEqualTo(Arrays.copyOfRange(data, from, to));
        }
      }
    }
  }

  @Test
  void closingEarlyStopsTheReadAhead() throws Exception {
    Path f = dir.resolve("big");
    Files.write(f, new byte[12 * 1024 * 1024]);
    long before = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("image-read")).count();
    for (int i = 0; i < 20; i++) {
      try (InputStream in = DataFileReader.open(f, 0, Long.MAX_VALUE, true)) {
        assertThat(in.read(new byte[10])).isEqualTo(10);
      }
    }
    assertThat(Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("image-read")).count()).isEqualTo(before);
  }

  @Test
  void anEmptyFileReadsAsEmpty() throws Exception {
    Path f = dir.resolve("empty");
    try (DataFileWriter w = new DataFileWriter(f, true)) {
      w.sync();
    }
    try (InputStream in = DataFileReader.open(f, 0, Long.MAX_VALUE, true)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }
}
