package dev.altus.compute.virt;

/** A guest's power state as a hypervisor reports it, with Nova's numeric codes. */
public enum PowerState {
  NOSTATE(0),
  RUNNING(1),
  PAUSED(3),
  SHUTDOWN(4),
  CRASHED(6),
  SUSPENDED(7);

  private final int code;

  PowerState(int code) {
    this.code = code;
  }

  /** The number the compute API shows as {@code OS-EXT-STS:power_state}. */
  public int code() {
    return code;
  }
}
