package dev.altus.common.host;

import java.time.Duration;

/**
 * What a finished command left: its exit status and output (each stream kept up to a bound).
 *
 * @param command what ran
 * @param exitCode the exit status
 * @param stdout standard output, as text
 * @param stderr standard error, as text
 * @param duration how long it ran
 */
public record CommandResult(Command command, int exitCode, String stdout, String stderr,
    Duration duration) {
  public boolean ok() {
    return exitCode == 0;
  }

  /** This result when the command succeeded; otherwise a HostCommandException saying why. */
  public CommandResult orThrow() {
    if (!ok()) {
      throw new HostCommandException(this);
    }
    return this;
  }
}
