package dev.altus.common.host;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs commands on this machine with {@link ProcessBuilder}. */
public final class LocalHost implements Host {
  private static final Logger LOG = LoggerFactory.getLogger("dev.altus.host");
  /** Output kept per stream; the rest is read and dropped so the command never blocks on a pipe. */
  static final int OUTPUT_LIMIT = 1 << 20;

  @Override
  public CommandResult run(Command command) {
    List<String> argv = command.fullArgv();
    long t0 = System.nanoTime();
    Process p;
    try {
      p = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      LOG.warn("{}: cannot start: {}", command, e.getMessage());
      throw new HostCommandException(command + ": cannot start " + argv.get(0) + " ("
          + e.getMessage() + ")", e);
    }
    Bounded out = new Bounded(p.getInputStream());
    Bounded err = new Bounded(p.getErrorStream());
    Thread to = Thread.ofVirtual().start(out);
    Thread te = Thread.ofVirtual().start(err);
    Thread.ofVirtual().start(() -> feed(p, command.stdin()));
    try {
      if (!p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        Duration d = Duration.ofNanos(System.nanoTime() - t0);
        LOG.warn("{}: killed after {} ms (time limit {} ms)", command, d.toMillis(),
            command.timeout().toMillis());
        throw new HostCommandException(command + " did not finish within "
            + command.timeout().toMillis() + " ms and was killed", null);
      }
      to.join();
      te.join();
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new HostCommandException(command + " interrupted", e);
    }
    Duration d = Duration.ofNanos(System.nanoTime() - t0);
    CommandResult r = new CommandResult(command, p.exitValue(), out.text(), err.text(), d);
    if (r.ok()) {
      LOG.debug("{}: exit 0 in {} ms", command, d.toMillis());
    } else {
      LOG.info("{}: exit {} in {} ms: {}", command, r.exitCode(), d.toMillis(),
          r.stderr().strip());
    }
    return r;
  }

  @Override
  public long startDetached(Command command, Path log) {
    List<String> argv = new ArrayList<>();
    argv.add("setsid");
    argv.addAll(command.fullArgv());
    try {
      if (log.getParent() != null) {
        Files.createDirectories(log.getParent());
      }
      Process p = new ProcessBuilder(argv)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectErrorStream(true)
          .start();
      LOG.info("{}: started as pid {} (output in {})", command, p.pid(), log);
      return p.pid();
    } catch (IOException e) {
      LOG.warn("{}: cannot start: {}", command, e.getMessage());
      throw new HostCommandException(command + ": cannot start " + command.program() + " ("
          + e.getMessage() + ")", e);
    }
  }

  @Override
  public boolean available(String program) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program));
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static void feed(Process p, byte[] stdin) {
    try (OutputStream o = p.getOutputStream()) {
      if (stdin != null) {
        o.write(stdin);
      }
    } catch (IOException e) {
      // the command did not read its input (it exited first): its exit status tells the rest
    }
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /** Reads a stream to its end, keeping at most {@link #OUTPUT_LIMIT} bytes. */
  private static final class Bounded implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    Bounded(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (in) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          int room = OUTPUT_LIMIT - kept.size();
          if (room > 0) {
            kept.write(buf, 0, Math.min(n, room));
          }
        }
      } catch (IOException e) {
        // the process ended; what was read is kept
      }
    }

    String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }
}
