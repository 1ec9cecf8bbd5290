package dev.altus.image.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that remembers whether reading it failed, so that an upload that breaks can be
 * blamed on the right side: the client (a 400, a truncated or aborted body) or the server's own
 * storage (a 5xx that says what failed).
 */
final class ClientBody extends FilterInputStream {
  private volatile boolean failed;

  ClientBody(InputStream in) {
    super(in);
  }

  boolean failed() {
    return failed;
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }
}
