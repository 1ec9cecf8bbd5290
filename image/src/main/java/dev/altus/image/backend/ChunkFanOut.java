package dev.altus.image.backend;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands every chunk of a stream to several sinks, each on its own thread (MD5, SHA-512 and the
 * file writer of an upload), so the stream is bound by the slowest sink and not by their sum. The
 * caller fills buffers taken with {@link #buffer()}, hands each to {@link #submit}, and ends with
 * {@link #finish()}; each sink sees every chunk, in order. A buffer returns to a small fixed pool
 * when every sink is done with it, which bounds the memory whatever the stream's size.
 *
 * <p>A sink that fails stops working but keeps releasing buffers, and its failure is thrown to the
 * caller by the next {@link #buffer()}, {@link #submit} or {@link #finish()}.
 */
final class ChunkFanOut implements AutoCloseable {
  /** Consumes one chunk; runs on the sink's own thread. */
  @FunctionalInterface
  interface Sink {
    void accept(byte[] data, int length) throws IOException;
  }

  private record Chunk(byte[] data, int length, AtomicInteger pending) {}

  private static final Chunk END = new Chunk(new byte[0], -1, new AtomicInteger());
  private final BlockingQueue<byte[]> free;
  private final List<byte[]> all = new ArrayList<>();
  private final List<BlockingQueue<Chunk>> queues = new ArrayList<>();
  private final List<Thread> workers = new ArrayList<>();
  private volatile Throwable failure;

  /**
   * Starts one thread per sink, named {@code image-<name>}, with {@code buffers} buffers of {@link
   * TransferBuffers#SIZE} bytes.
   */
  ChunkFanOut(int buffers, List<String> names, List<Sink> sinks) {
    free = new ArrayBlockingQueue<>(buffers);
    for (int i = 0; i < buffers; i++) {
      byte[] b = TransferBuffers.take();
      all.add(b);
      free.add(b);
    }
    for (int i = 0; i < sinks.size(); i++) {
      Sink sink = sinks.get(i);
      BlockingQueue<Chunk> q = new ArrayBlockingQueue<>(buffers + 1);
      queues.add(q);
      workers.add(Thread.ofPlatform().daemon().name("image-" + names.get(i))
          .start(() -> run(sink, q)));
    }
  }

  private void run(Sink sink, BlockingQueue<Chunk> q) {
    try {
      for (Chunk c = q.take(); c != END; c = q.take()) {
        if (failure == null) {
          try {
            sink.accept(c.data(), c.length());
          } catch (IOException | RuntimeException e) {
            if (failure == null) {
              failure = e;
            }
          }
        }
        if (c.pending().decrementAndGet() == 0) {
          free.add(c.data());
        }
      }
    } catch (InterruptedException e) {
      // closed: the stream was abandoned
    }
  }

  private void check() throws IOException {
    Throwable f = failure;
    if (f instanceof IOException io) {
      throw io;
    }
    if (f != null) {
      throw (RuntimeException) f;
    }
  }

  /** A free buffer; blocks while every buffer is still in use by a sink. */
  byte[] buffer() throws IOException {
    check();
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a buffer");
    }
  }

  /** Hands a filled buffer to every sink; it returns to the pool when all are done with it. */
  void submit(byte[] data, int length) throws IOException {
    check();
    Chunk c = new Chunk(data, length, new AtomicInteger(queues.size()));
    try {
      for (BlockingQueue<Chunk> q : queues) {
        q.put(c);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handing a chunk on");
    }
  }

  /** Returns an unused buffer to the pool. */
  void release(byte[] data) {
    free.add(data);
  }

  /** Waits until every sink has consumed every chunk; throws the first sink's failure. */
  void finish() throws IOException {
    try {
      for (BlockingQueue<Chunk> q : queues) {
        q.put(END);
      }
      for (Thread t : workers) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while finishing");
    }
    check();
  }

  /**
   * Stops the sinks (on a failed stream, a no-op after {@link #finish()}) and waits for their
   * threads, so no sink touches its target after this returns; the buffers go back to {@link
   * TransferBuffers}, so the caller must not touch them either.
   */
  @Override
  public void close() {
    workers.forEach(Thread::interrupt);
    workers.forEach(Threads::joinUninterruptibly);
    all.forEach(TransferBuffers::give);
    all.clear();
  }
}
