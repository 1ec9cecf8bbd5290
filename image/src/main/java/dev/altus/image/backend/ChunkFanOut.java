package dev.altus.image.backend;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Computes several digests of a stream, each on its own thread, so an upload is not bound by one
 * core hashing MD5 and SHA-512 one after the other. The caller fills buffers taken with {@link
 * #buffer()}, hands each to {@link #submit}, and gets the hex digests from {@link #finish()}. A
 * small fixed pool of buffers bounds the memory whatever the stream's size.
 */
final class ParallelDigests implements AutoCloseable {
  private record Chunk(byte[] data, int length, AtomicInteger pending) {}

  private static final Chunk END = new Chunk(new byte[0], -1, new AtomicInteger());
  private final BlockingQueue<byte[]> free;
  private final List<BlockingQueue<Chunk>> queues = new ArrayList<>();
  private final List<Thread> workers = new ArrayList<>();
  private final List<MessageDigest> digests = new ArrayList<>();

  ParallelDigests(int bufferSize, int buffers, String... algorithms) {
    free = new ArrayBlockingQueue<>(buffers);
    for (int i = 0; i < buffers; i++) {
      free.add(new byte[bufferSize]);
    }
    for (String alg : algorithms) {
      MessageDigest d;
      try {
        d = MessageDigest.getInstance(alg);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(alg + " is not available in this JDK", e);
      }
      BlockingQueue<Chunk> q = new ArrayBlockingQueue<>(buffers + 1);
      digests.add(d);
      queues.add(q);
      workers.add(Thread.ofPlatform().daemon().name("image-digest-" + alg).start(() -> run(d, q)));
    }
  }

  private void run(MessageDigest d, BlockingQueue<Chunk> q) {
    try {
      for (Chunk c = q.take(); c != END; c = q.take()) {
        d.update(c.data(), 0, c.length());
        if (c.pending().decrementAndGet() == 0) {
          free.add(c.data());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A free buffer; blocks while every buffer is still being hashed. */
  byte[] buffer() throws InterruptedException {
    return free.take();
  }

  /** Hands a filled buffer to every digest; the buffer returns to the pool when all are done. */
  void submit(byte[] data, int length) throws InterruptedException {
    Chunk c = new Chunk(data, length, new AtomicInteger(queues.size()));
    for (BlockingQueue<Chunk> q : queues) {
      q.put(c);
    }
  }

  /** Returns an unused buffer to the pool. */
  void release(byte[] data) {
    free.add(data);
  }

  /** Waits for every digest and returns them in hex, in the order of the algorithms. */
  List<String> finish() throws InterruptedException {
    for (BlockingQueue<Chunk> q : queues) {
      q.put(END);
    }
    for (Thread t : workers) {
      t.join();
    }
    HexFormat hex = HexFormat.of();
    return digests.stream().map(d -> hex.formatHex(d.digest())).toList();
  }

  /** Stops the digest threads without waiting for a result (on a failed upload). */
  @Override
  public void close() {
    workers.forEach(Thread::interrupt);
  }
}
