package dev.altus.image.backend;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a new file front to back, with direct I/O where the file system allows it (see {@link
 * DirectIo}), so the disk writes while the rest of the upload is still being received and hashed;
 * the bytes gather in a staging buffer and go to the disk {@link DirectIo#BUFFER} at a time.
 * Every {@link #FLUSH_EVERY} bytes a flush (fdatasync) of what is written so far starts on a thread
 * of its own: a virtual disk's host cache, or the page cache without direct I/O, is emptied along
 * the way, and the fsync at the end has only the last stretch left (~40 ms instead of ~600 ms for
 * 1 GiB here). What direct I/O cannot take (a length or position off the file system's block
 * alignment: in practice the last partial block) goes through an ordinary buffered channel on the
 * same file.
 */
final class DataFileWriter implements Closeable {
  /** Bytes after which a flush of what is written so far starts, beside the writing. */
  static final long FLUSH_EVERY = 64L * 1024 * 1024;
  private final long flushEvery;
  private final FileChannel buffered;
  private final FileChannel direct;
  private final int alignment;
  private ByteBuffer staging;
  private long position;
  private boolean directOk = true;
  private long flushedAt;
  private Thread flusher;
  private volatile IOException flushFailure;

  /** Creates {@code file}, which must not exist; {@code tryDirect} false writes through the page cache. */
  DataFileWriter(Path file, boolean tryDirect) throws IOException {
    this(file, tryDirect, FLUSH_EVERY);
  }

  DataFileWriter(Path file, boolean tryDirect, long flushEvery) throws IOException {
    this.flushEvery = flushEvery;
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

  /**
   * Appends {@code length} bytes of {@code data}. With direct I/O they gather in the staging buffer
   * and go to the disk a full buffer ({@link DirectIo#BUFFER}) at a time; the rest goes at {@link
   * #sync()}.
   */
  void write(byte[] data, int length) throws IOException {
    if (direct == null) {
      ByteBuffer bb = ByteBuffer.wrap(data, 0, length);
      while (bb.hasRemaining()) {
        position += buffered.write(bb, position);
      }
    } else {
      for (int off = 0; off < length; ) {
        int n = Math.min(length - off, staging.remaining());
        staging.put(data, off, n);
        off += n;
        if (!staging.hasRemaining()) {
          drain(false);
        }
      }
    }
    if (position - flushedAt >= flushEvery && (flusher == null || !flusher.isAlive())) {
      // the disk (and a host's write cache under a virtual disk) flushes while the upload goes
      // on, so the fsync at the end has only the last stretch left; one flush at a time
      flushedAt = position;
      flusher = Thread.ofPlatform().daemon().name("image-flush").start(this::flush);
    }
  }

  /**
   * Writes the staged bytes: their aligned part with direct I/O, the rest ({@code all}: the file's
   * last partial block) through the page cache. A short direct write that leaves the position off
   * the alignment sends everything after it through the page cache.
   */
  private void drain(boolean all) throws IOException {
    staging.flip();
    if (directOk) {
      int end = staging.limit();
      staging.limit(staging.position() + staging.remaining() / alignment * alignment);
      while (staging.hasRemaining() && position % alignment == 0) {
        position += direct.write(staging, position);
      }
      staging.limit(end);
      directOk = position % alignment == 0;
    }
    if (all || !directOk) {
      while (staging.hasRemaining()) {
        position += buffered.write(staging, position);
      }
    }
    staging.compact();
  }

  private void flush() {
    try {
      buffered.force(false);
    } catch (IOException e) {
      flushFailure = e;
    }
  }

  /** Waits for a running flush, even when interrupted (the interrupt is kept). */
  private void awaitFlusher() {
    Threads.joinUninterruptibly(flusher);
  }

  /** Bytes taken so far. */
  long size() {
    return position + (staging == null ? 0 : staging.position());
  }

  /** Makes the data and the file's size durable. */
  void sync() throws IOException {
    if (staging != null) {
      drain(true);
    }
    awaitFlusher();
    if (flushFailure != null) {
      throw flushFailure;
    }
    buffered.force(true);
  }

  @Override
  public void close() throws IOException {
    awaitFlusher();
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
