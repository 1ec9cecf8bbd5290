package dev.altus.image.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Reads a file from an offset to its end with direct I/O (see {@link DirectIo}), a megabyte at a
 * time into a pooled aligned buffer. Opens through the page cache instead where the file system has
 * no direct I/O; a read that ends off the alignment before the end of the file carries on there too.
 */
final class DataFileReader extends InputStream {
  private final FileChannel direct;
  private final FileChannel buffered;
  private final int alignment;
  private ByteBuffer buf;
  private long filePos;
  private int skip;
  private boolean eof;

  private DataFileReader(FileChannel direct, int alignment, FileChannel buffered, long offset) {
    this.direct = direct;
    this.alignment = alignment;
    this.buffered = buffered;
    this.buf = DirectIo.take(alignment).flip();
    this.filePos = offset - offset % alignment;
    this.skip = (int) (offset % alignment);
  }

  /** The file's bytes from {@code offset}: direct I/O where possible, else an ordinary stream. */
  static InputStream open(Path file, long offset, boolean tryDirect) throws IOException {
    FileChannel buffered = FileChannel.open(file, StandardOpenOption.READ);
    DirectIo.Channel d = tryDirect ? DirectIo.open(file, StandardOpenOption.READ) : null;
    if (d == null) {
      buffered.position(offset);
      return java.nio.channels.Channels.newInputStream(buffered);
    }
    return new DataFileReader(d.channel(), d.alignment(), buffered, offset);
  }

  private boolean fill() throws IOException {
    while (!buf.hasRemaining() && !eof) {
      buf.clear();
      FileChannel ch = filePos % alignment == 0 ? direct : buffered;
      int n = ch.read(buf, filePos);
      buf.flip();
      if (n < 0) {
        eof = true;
      } else {
        filePos += n;
        int drop = Math.min(skip, buf.remaining());
        buf.position(drop);
        skip -= drop;
      }
    }
    return buf.hasRemaining();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (buf == null) {
      throw new IOException("stream closed");
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, buf.remaining());
    buf.get(b, off, n);
    return n;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public void close() throws IOException {
    DirectIo.give(buf);
    buf = null;
    try {
      direct.close();
    } finally {
      buffered.close();
    }
  }
}
