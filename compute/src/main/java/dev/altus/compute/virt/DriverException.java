package dev.altus.compute.virt;

/**
 * A driver could not do what it was asked; the message says why in words an operator can act on
 * (it becomes the server's fault). {@link #retryable()} tells the agent whether another host might
 * succeed (a reschedule) or not (a bad image).
 */
public class DriverException extends Exception {
  private final boolean retryable;

  public DriverException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public DriverException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The driver has no guest with this id. */
  public static final class InstanceNotFound extends DriverException {
    public InstanceNotFound(String uuid) {
      super("Instance " + uuid + " could not be found on this host.", false);
    }
  }
}
