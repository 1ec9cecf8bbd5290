package dev.altus.image.backend;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a new file front to back, with direct I/O where the file system allows it (see {@link
 * DirectIo}): the disk writes while the rest of the upload is still being received and hashed, and
 * the fsync at the end has little left to do. What direct I/O cannot take (a length or position off
 * the file system's block alignment: in practice the last partial block) goes through an ordinary
 * buffered channel on the same file.
 */
final class DataFileWriter implements Closeable {
  private final FileChannel buffered;
  private final FileChannel direct;
  private final int alignment;
  private ByteBuffer staging;
  private long position;

  /** Creates {@code file}, which must not exist; {@code tryDirect} false writes through the page cache. */
  DataFileWriter(Path file, boolean tryDirect) throws IOException {
    buffered = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    DirectIo.Channel d = tryDirect ? DirectIo.open(file, StandardOpenOption.WRITE) : null;
    direct = d == null ? null : d.channel();
    alignment = d == null ? 1 : d.alignment();
    staging = d == null ? null : DirectIo.take(alignment);
  }

  /** Whether writes bypass the page cache. */
  boolean direct() {
    return direct != null;
  }

  /** Appends {@code length} bytes of {@code data}. */
  void write(byte[] data, int length) throws IOException {
    int off = 0;
    if (direct != null) {
      int aligned = length - length % alignment;
      while (off < aligned && position % alignment == 0) {
        int n = Math.min(aligned - off, staging.capacity());
        staging.clear().put(data, off, n).flip();
        while (staging.hasRemaining() && position % alignment == 0) {
          int w = direct.write(staging, position);
          position += w;
          off += w;
        }
      }
    }
    ByteBuffer rest = ByteBuffer.wrap(data, off, length - off);
    while (rest.hasRemaining()) {
      position += buffered.write(rest, position);
    }
  }

  /** Bytes written so far. */
  long size() {
    return position;
  }

  /** Makes the data and the file's size durable. */
  void sync() throws IOException {
    buffered.force(true);
  }

  @Override
  public void close() throws IOException {
    DirectIo.give(staging);
    staging = null;
    try {
      if (direct != null) {
        direct.close();
      }
    } finally {
      buffered.close();
    }
  }
}
