package dev.altus.compute.virt.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fake driver's settings, from the {@code compute.fake.*} options (keys given here without that
 * prefix). Every option may be set for one host only as {@code host.<host>.<option>}, which wins over
 * the plain option, so an all-in-one cloud can run hosts of different sizes.
 *
 * @param vcpus CPUs the host offers to guests ({@code vcpus}, default 8)
 * @param memoryMb RAM the host offers ({@code memory_mb}, default 16384)
 * @param localGb disk the host offers ({@code local_gb}, default 200)
 * @param bootTime how long a guest takes to boot ({@code boot_seconds}, default 0.05)
 * @param failRate the chance that a spawn fails with a retryable error ({@code fail_rate}, 0..1)
 * @param failOnImages image ids every spawn or rebuild of fails, not retryable ({@code fail_on_image})
 * @param failHost true when this host is in {@code fail_hosts}: its every spawn fails, retryable
 * @param hypervisorType the hypervisor type reported ({@code hypervisor_type}, default fake)
 * @param hypervisorVersion the version as Nova's integer: "1.2.3" is 1002003 ({@code
 *     hypervisor_version}, default "1.0", i.e. 1000)
 * @param cpuArch the host's architecture ({@code cpu_arch}, default the JVM's, e.g. x86_64)
 * @param hostIp the address consoles are reached at ({@code host_ip}, default 127.0.0.1)
 * @param vncBasePort the first VNC port handed to guests ({@code vnc_base_port}, default 5900)
 * @param seed the seed of the random failures, or null for a random seed ({@code seed})
 * @param plugTaps whether each guest's NICs are real taps on their networks' bridges ({@code
 *     plug_taps}, default false; the all-in-one sets it when the Linux data plane runs)
 */
public record FakeDriverOptions(int vcpus, int memoryMb, int localGb, Duration bootTime,
    double failRate, Set<String> failOnImages, boolean failHost, String hypervisorType,
    long hypervisorVersion, String cpuArch, String hostIp, int vncBasePort, Long seed,
    boolean plugTaps) {

  /** The option names, without the {@code compute.fake.} prefix. */
  public static final List<String> NAMES = List.of("vcpus", "memory_mb", "local_gb",
      "boot_seconds", "fail_rate", "fail_on_image", "fail_hosts", "hypervisor_type",
      "hypervisor_version", "cpu_arch", "host_ip", "vnc_base_port", "seed", "plug_taps");

  public FakeDriverOptions {
    failOnImages = Set.copyOf(failOnImages);
  }

  /** Defaults for every option. */
  public static FakeDriverOptions defaults() {
    return parse("fake-host", Map.of());
  }

  /**
   * Reads the options for {@code host}; an unknown option or a bad value is an
   * IllegalArgumentException naming the option and what it accepts.
   */
  public static FakeDriverOptions parse(String host, Map<String, String> options) {
    Map<String, String> effective = new TreeMap<>();
    Map<String, String> forHost = new TreeMap<>();
    String hostPrefix = "host." + host + ".";
    for (var e : options.entrySet()) {
      String key = e.getKey();
      if (key.startsWith("host.")) {
        String option = key.substring(key.lastIndexOf('.') + 1);
        if (!NAMES.contains(option) || key.length() <= "host.".length() + option.length() + 1) {
          throw unknown(key);
        }
        if (key.startsWith(hostPrefix) && key.substring(hostPrefix.length()).equals(option)) {
          forHost.put(option, e.getValue());
        }
      } else if (NAMES.contains(key)) {
        effective.put(key, e.getValue());
      } else {
        throw unknown(key);
      }
    }
    effective.putAll(forHost);
    var o = new Reader(effective);
    return new FakeDriverOptions(
        o.integer("vcpus", 8, 1),
        o.integer("memory_mb", 16384, 1),
        o.integer("local_gb", 200, 1),
        o.seconds("boot_seconds", 0.05),
        o.rate("fail_rate"),
        new LinkedHashSet<>(o.list("fail_on_image")),
        o.list("fail_hosts").contains(host),
        o.text("hypervisor_type", "fake"),
        o.version("hypervisor_version", "1.0"),
        o.text("cpu_arch", defaultArch()),
        o.text("host_ip", "127.0.0.1"),
        o.integer("vnc_base_port", 5900, 1),
        effective.containsKey("seed") ? (long) o.integer("seed", 0, Integer.MIN_VALUE) : null,
        o.bool("plug_taps", false));
  }

  private static IllegalArgumentException unknown(String key) {
    return new IllegalArgumentException("compute.fake." + key + " is not an option of the fake"
        + " driver; its options are " + String.join(", ", NAMES)
        + " (each also as host.<host>.<option> for one host)");
  }

  private static String defaultArch() {
    String a = System.getProperty("os.arch", "x86_64");
    return switch (a) {
      case "amd64" -> "x86_64";
      case "arm64" -> "aarch64";
      default -> a;
    };
  }

  /** Typed reads of the option map with messages that name the option. */
  private record Reader(Map<String, String> values) {
    int integer(String name, int dflt, int min) {
      String v = values.get(name);
      if (v == null) {
        return dflt;
      }
      try {
        int n = Integer.parseInt(v.trim());
        if (n < min) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw bad(name, v, "an integer" + (min > Integer.MIN_VALUE ? " >= " + min : ""));
      }
    }

    Duration seconds(String name, double dflt) {
      String v = values.get(name);
      double s = dflt;
      if (v != null) {
        try {
          s = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
          throw bad(name, v, "a number of seconds >= 0, e.g. 0.05");
        }
        if (!(s >= 0) || s > 3600) {
          throw bad(name, v, "a number of seconds between 0 and 3600");
        }
      }
      return Duration.ofNanos(Math.round(s * 1e9));
    }

    double rate(String name) {
      String v = values.get(name);
      if (v == null) {
        return 0;
      }
      try {
        double r = Double.parseDouble(v.trim());
        if (r >= 0 && r <= 1) {
          return r;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw bad(name, v, "a probability between 0 and 1, e.g. 0.1");
    }

    List<String> list(String name) {
      String v = values.get(name);
      List<String> out = new ArrayList<>();
      if (v != null) {
        for (String s : v.split(",")) {
          if (!s.isBlank()) {
            out.add(s.trim());
          }
        }
      }
      return out;
    }

    boolean bool(String name, boolean dflt) {
      String v = values.get(name);
      if (v == null) {
        return dflt;
      }
      return switch (v.trim().toLowerCase()) {
        case "true" -> true;
        case "false" -> false;
        default -> throw bad(name, v, "true or false");
      };
    }

    String text(String name, String dflt) {
      String v = values.get(name);
      if (v == null) {
        return dflt;
      }
      if (v.isBlank()) {
        throw bad(name, v, "a non-empty value");
      }
      return v.trim();
    }

    long version(String name, String dflt) {
      String v = text(name, dflt);
      if (!v.matches("\\d{1,3}(\\.\\d{1,3}){0,3}")) {
        throw bad(name, v, "a dotted version such as 1.0 or 7.2.0");
      }
      long n = 0;
      for (String part : v.split("\\.")) {
        n = n * 1000 + Integer.parseInt(part);
      }
      return n;
    }

    private static IllegalArgumentException bad(String name, String value, String what) {
      return new IllegalArgumentException("compute.fake." + name + " = '" + value + "' is invalid:"
          + " it must be " + what);
    }
  }
}
