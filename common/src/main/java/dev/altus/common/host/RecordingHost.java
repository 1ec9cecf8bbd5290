package dev.altus.common.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The fake host for tests: records every command instead of running it, and answers with the
 * result of the first registered rule whose argv prefix matches (exit 0 and no output otherwise).
 * Lets code that changes the machine be tested without root, and lets a test say exactly which
 * commands a change produced.
 */
public final class RecordingHost implements Host {
  private final List<Command> commands = new ArrayList<>();
  private final List<Command> detached = new ArrayList<>();
  private final Map<List<String>, Function<Command, CommandResult>> rules = new LinkedHashMap<>();
  private final AtomicLong pids = new AtomicLong(40_000);
  private final List<String> missing = new ArrayList<>();

  /** Commands whose argv starts with {@code prefix} answer with {@code answer}. */
  public synchronized RecordingHost on(List<String> prefix, Function<Command, CommandResult> answer) {
    rules.put(List.copyOf(prefix), answer);
    return this;
  }

  /** Commands whose argv starts with {@code prefix} exit with {@code exit} and print {@code stdout}. */
  public RecordingHost answer(List<String> prefix, int exit, String stdout, String stderr) {
    return on(prefix, c -> new CommandResult(c, exit, stdout, stderr, Duration.ZERO));
  }

  /** {@link #available} says no for this program. */
  public synchronized RecordingHost without(String program) {
    missing.add(program);
    return this;
  }

  @Override
  public synchronized CommandResult run(Command command) {
    commands.add(command);
    for (var e : rules.entrySet()) {
      List<String> prefix = e.getKey();
      if (command.argv().size() >= prefix.size()
          && command.argv().subList(0, prefix.size()).equals(prefix)) {
        return e.getValue().apply(command);
      }
    }
    return new CommandResult(command, 0, "", "", Duration.ZERO);
  }

  @Override
  public synchronized long startDetached(Command command, Path log) {
    detached.add(command);
    return pids.incrementAndGet();
  }

  @Override
  public synchronized boolean available(String program) {
    return !missing.contains(program);
  }

  /** Every command run so far, in order. */
  public synchronized List<Command> commands() {
    return List.copyOf(commands);
  }

  /** Every command run so far as operator-readable lines. */
  public synchronized List<String> lines() {
    return commands.stream().map(Command::toString).toList();
  }

  /** Every long-lived process started so far. */
  public synchronized List<Command> detached() {
    return List.copyOf(detached);
  }

  public synchronized void clear() {
    commands.clear();
    detached.clear();
  }
}
