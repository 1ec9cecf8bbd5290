package dev.altus.common.host;

/**
 * A host command failed, could not start or ran out of time. The message names the command as an
 * operator would type it and what it said, so a log line is enough to reproduce it by hand.
 */
public final class HostCommandException extends RuntimeException {
  private final transient CommandResult result;

  public HostCommandException(CommandResult result) {
    super(result.command() + " failed (exit " + result.exitCode() + ")"
        + (result.stderr().isBlank() ? "" : ": " + result.stderr().strip()));
    this.result = result;
  }

  public HostCommandException(String message, Throwable cause) {
    super(message, cause);
    this.result = null;
  }

  /** The failed command's result, or null when it did not run at all. */
  public CommandResult result() {
    return result;
  }
}
