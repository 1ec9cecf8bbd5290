package dev.altus.compute.scheduler;

/**
 * One rule a host must pass to run a server. A filter says why it rejects a host, in words and
 * numbers an operator can act on ("RAM 512 MB free < 2048 MB requested"), because the reasons
 * become the "No valid host was found" fault.
 */
public interface HostFilter {
  /** The filter's name as Nova calls it (e.g. RamFilter). */
  String name();

  /** Null when the host passes; otherwise why not. */
  String reject(HostState host, ScheduleRequest request);
}
