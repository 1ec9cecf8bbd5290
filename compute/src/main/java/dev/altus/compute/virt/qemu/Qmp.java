package dev.altus.compute.virt.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A connection to one guest's QEMU Machine Protocol socket: commands with their answers, and the
 * guest's events (SHUTDOWN, STOP, RESUME, ...) handed to a listener from a reader thread. The end
 * of the stream means the QEMU process is gone, and is told to the listener as a {@code null}
 * event. One command runs at a time per connection.
 */
final class Qmp implements AutoCloseable {
  /** QEMU refused a command: its error class and description. */
  static final class QmpError extends IOException {
    final String errorClass;

    QmpError(String command, String errorClass, String desc) {
      super(command + ": " + errorClass + ": " + desc);
      this.errorClass = errorClass;
    }
  }

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private final SocketChannel channel;
  private final Consumer<JsonNode> events;
  private final AtomicLong ids = new AtomicLong();
  private final Object writeLock = new Object();
  private volatile CompletableFuture<JsonNode> pending;
  private volatile boolean closed;
  private volatile boolean closedByUs;
  private final CompletableFuture<Void> greeted = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  private Qmp(SocketChannel channel, Consumer<JsonNode> events) {
    this.channel = channel;
    this.events = events;
  }

  /**
   * Connects to {@code socket}, reads the greeting and leaves capabilities negotiation mode;
   * {@code events} gets every event, then {@code null} once the connection ends.
   */
  static Qmp connect(Path socket, Consumer<JsonNode> events) throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    Qmp q = new Qmp(ch, events);
    Thread.ofVirtual().name("qmp-" + socket.getParent().getFileName()).start(q::readLoop);
    try {
      q.greeted.get(10, TimeUnit.SECONDS);
      q.execute("qmp_capabilities", null);
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      q.close();
      throw new IOException("no QMP greeting on " + socket, e);
    } catch (IOException e) {
      q.close();
      throw e;
    }
    return q;
  }

  /** Runs a command; returns its {@code return} value or throws {@link QmpError}. */
  JsonNode execute(String command, ObjectNode arguments) throws IOException {
    return execute(command, arguments, COMMAND_TIMEOUT);
  }

  JsonNode execute(String command, ObjectNode arguments, Duration timeout) throws IOException {
    synchronized (writeLock) {
      if (closed) {
        throw new IOException("QMP connection closed (the QEMU process ended)");
      }
      String id = "altus-" + ids.incrementAndGet();
      ObjectNode msg = Json.object().put("execute", command).put("id", id);
      if (arguments != null) {
        msg.set("arguments", arguments);
      }
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      pending = answer;
      channel.write(ByteBuffer.wrap((Json.text(msg) + "\n").getBytes(StandardCharsets.UTF_8)));
      JsonNode reply;
      try {
        reply = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(command + " interrupted", e);
      } catch (TimeoutException e) {
        throw new IOException(command + ": no answer from QEMU within " + timeout.toSeconds()
            + " s", e);
      } catch (ExecutionException e) {
        throw new IOException(command + ": " + e.getCause().getMessage(), e.getCause());
      } finally {
        pending = null;
      }
      if (reply.has("error")) {
        JsonNode err = reply.get("error");
        throw new QmpError(command, err.path("class").asText(), err.path("desc").asText());
      }
      return reply.path("return");
    }
  }

  /** Whether the QEMU process is still at the other end. */
  boolean open() {
    return !closed;
  }

  /** Waits up to {@code timeout} for the connection to end (the QEMU process exited). */
  boolean awaitEnd(Duration timeout) {
    try {
      ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  private void readLoop() {
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      while (channel.read(buf) >= 0) {
        buf.flip();
        while (buf.hasRemaining()) {
          byte b = buf.get();
          if (b == '\n') {
            dispatch(line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else if (line.size() < (1 << 24)) {
            line.write(b);
          }
        }
        buf.clear();
      }
    } catch (IOException e) {
      // the socket ended: the process is gone (or we closed it)
    } finally {
      closed = true;
      CompletableFuture<JsonNode> p = pending;
      if (p != null) {
        p.completeExceptionally(new IOException("the QEMU process ended"));
      }
      greeted.completeExceptionally(new IOException("the QEMU process ended"));
      ended.complete(null);
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing a dead socket
      }
      events.accept(null);
    }
  }

  private void dispatch(String text) {
    if (text.isBlank()) {
      return;
    }
    JsonNode msg;
    try {
      msg = Json.parse(text);
    } catch (RuntimeException e) {
      return; // not JSON: ignored, as QEMU never sends that
    }
    if (msg.has("QMP")) {
      greeted.complete(null);
    } else if (msg.has("event")) {
      events.accept(msg);
    } else if (msg.has("return") || msg.has("error")) {
      CompletableFuture<JsonNode> p = pending;
      if (p != null) {
        p.complete(msg);
      }
    }
  }

  /** Whether the connection ended because this side closed it (not because QEMU exited). */
  boolean closedByUs() {
    return closedByUs;
  }

  @Override
  public void close() {
    closedByUs = true;
    closed = true;
    try {
      channel.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
