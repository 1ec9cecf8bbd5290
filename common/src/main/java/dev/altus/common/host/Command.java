package dev.altus.common.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One command to run on the host: an argument vector (never a shell string), optional standard
 * input, a time limit, the network namespace to run it in and resource limits.
 *
 * @param argv the program and its arguments
 * @param stdin bytes written to the command's standard input, or null for none
 * @param timeout how long it may run before it is killed
 * @param namespace the network namespace to run in ({@code ip netns exec}), or null for the host's
 * @param limits memory and CPU limits ({@code prlimit}), or null for none
 */
public record Command(List<String> argv, byte[] stdin, Duration timeout, String namespace,
    Limits limits) {
  /** The default time limit: host tools answer in well under a second; a minute means stuck. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  public Command {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs a program");
    }
    Objects.requireNonNull(timeout, "timeout");
  }

  /** Address-space and CPU-time limits for an untrusted input's tool (e.g. qemu-img on an image). */
  public record Limits(long addressSpaceBytes, int cpuSeconds) {}

  public static Command of(String... argv) {
    return new Command(List.of(argv), null, DEFAULT_TIMEOUT, null, null);
  }

  public static Command of(List<String> argv) {
    return new Command(argv, null, DEFAULT_TIMEOUT, null, null);
  }

  public Command withStdin(byte[] input) {
    return new Command(argv, input, timeout, namespace, limits);
  }

  public Command withTimeout(Duration t) {
    return new Command(argv, stdin, t, namespace, limits);
  }

  /** The same command inside network namespace {@code ns}. */
  public Command inNamespace(String ns) {
    return new Command(argv, stdin, timeout, ns, limits);
  }

  public Command withLimits(long addressSpaceBytes, int cpuSeconds) {
    return new Command(argv, stdin, timeout, namespace, new Limits(addressSpaceBytes, cpuSeconds));
  }

  /** The program this command runs (before any namespace or limit prefix). */
  public String program() {
    return argv.get(0);
  }

  /** The argument vector actually executed: namespace and limit prefixes, then {@link #argv}. */
  public List<String> fullArgv() {
    List<String> full = new ArrayList<>();
    if (namespace != null) {
      full.addAll(List.of("ip", "netns", "exec", namespace));
    }
    if (limits != null) {
      full.addAll(List.of("prlimit", "--as=" + limits.addressSpaceBytes(),
          "--cpu=" + limits.cpuSeconds(), "--"));
    }
    full.addAll(argv);
    return full;
  }

  /** The command as an operator would type it, for logs and error messages. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (String a : fullArgv()) {
      if (!b.isEmpty()) {
        b.append(' ');
      }
      b.append(a.isEmpty() || a.chars().anyMatch(c -> " \t\n'\"\\$`;&|<>*?".indexOf(c) >= 0)
          ? "'" + a.replace("'", "'\\''") + "'" : a);
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Command c && argv.equals(c.argv) && java.util.Arrays.equals(stdin, c.stdin)
        && timeout.equals(c.timeout) && Objects.equals(namespace, c.namespace)
        && Objects.equals(limits, c.limits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(argv, timeout, namespace, limits) * 31 + java.util.Arrays.hashCode(stdin);
  }
}
