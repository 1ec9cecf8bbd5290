package dev.altus.common.host;

import java.nio.file.Path;

/**
 * The one way Altus changes the machine it runs on: {@code ip}, {@code bridge}, {@code nft},
 * {@code iptables}, {@code dnsmasq}, {@code qemu-system-*}, {@code qemu-img}, {@code genisoimage}.
 * Commands are argument vectors, never shell strings; every call is logged (logger
 * {@code dev.altus.host}) with its duration and exit status, so what the cloud does to a machine
 * can be read in one place. {@link LocalHost} runs them; {@link RecordingHost} is the fake for
 * tests.
 */
public interface Host {
  /**
   * Runs a command to its end. A non-zero exit status is a result, not an exception (callers
   * decide: {@link CommandResult#orThrow()}); a program that cannot be started or outlives its
   * time limit is a {@link HostCommandException}.
   */
  CommandResult run(Command command);

  /**
   * Starts a long-lived process in a session of its own, so it outlives this process (guests and
   * DHCP servers survive a restart of the cloud) and no signal of the cloud's terminal reaches it.
   * Its standard input is empty and its output goes to {@code log} (appended).
   *
   * @return the process id
   */
  long startDetached(Command command, Path log);

  /** Whether {@code program} is on this host's PATH (or is an existing executable path). */
  boolean available(String program);
}
