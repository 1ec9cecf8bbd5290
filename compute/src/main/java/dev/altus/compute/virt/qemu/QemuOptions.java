package dev.altus.compute.virt.qemu;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The QEMU driver's settings, from the {@code compute.qemu.*} options (keys here without that
 * prefix); see docs/configuration.md.
 *
 * @param instancesPath where the guests' directories are ({@code <instances>/<uuid>/}); given by
 *     the compute service (its {@code compute.instances_path}/{@code <host>}) unless set
 * @param virtType {@code auto} (KVM when /dev/kvm really runs a guest, else TCG), {@code kvm}
 *     (refuse to start without working KVM) or {@code qemu} (TCG always) ({@code virt_type})
 * @param binary the emulator ({@code binary}, default qemu-system-x86_64)
 * @param imgBinary the image tool ({@code img_binary}, default qemu-img)
 * @param hostIp the address guests' VNC servers listen on ({@code host_ip}, default 127.0.0.1)
 * @param vncBaseDisplay the first VNC display number handed out ({@code vnc_base_display})
 * @param softRebootTimeout how long a soft reboot waits for the guest OS before resetting it
 *     ({@code soft_reboot_seconds}, default 60)
 * @param shutdownTimeout how long a resize, rescue or rebuild waits for the guest to power
 *     off cleanly before stopping it ({@code shutdown_seconds}, default 30)
 * @param consoleMaxBytes the bound of a guest's serial console log ({@code console_max_bytes})
 * @param machine the machine type ({@code machine}, default pc)
 */
public record QemuOptions(Path instancesPath, String virtType, String binary, String imgBinary,
    String hostIp, int vncBaseDisplay, Duration softRebootTimeout, Duration shutdownTimeout,
    long consoleMaxBytes, String machine) {

  /**
   * Where the driver notes the bridges it creates for its guests' taps ({@code _bridges} under the
   * instances path), so {@code altus dataplane clean} removes them when no L2 agent owns them.
   */
  public Path bridgeRecord() {
    return instancesPath.resolve("_bridges");
  }

  public static final List<String> NAMES = List.of("instances_path", "virt_type", "binary",
      "img_binary", "host_ip", "vnc_base_display", "soft_reboot_seconds", "shutdown_seconds",
      "console_max_bytes", "machine");

  /**
   * Reads the options; {@code defaultInstances} is used when {@code instances_path} is not set. An
   * unknown option or a bad value is an IllegalArgumentException naming it and what it accepts.
   */
  public static QemuOptions parse(Map<String, String> options, Path defaultInstances) {
    for (String k : options.keySet()) {
      if (!NAMES.contains(k)) {
        throw new IllegalArgumentException("compute.qemu." + k + " is not an option of the qemu"
            + " driver; the options are: " + String.join(", ", NAMES));
      }
    }
    String instances = options.get("instances_path");
    if (instances == null && defaultInstances == null) {
      throw new IllegalArgumentException("compute.qemu.instances_path is not set");
    }
    String virt = options.getOrDefault("virt_type", "auto").trim();
    if (!List.of("auto", "kvm", "qemu").contains(virt)) {
      throw new IllegalArgumentException("compute.qemu.virt_type = " + virt
          + " is not auto, kvm or qemu");
    }
    return new QemuOptions(
        instances != null ? Path.of(instances.trim()) : defaultInstances,
        virt,
        options.getOrDefault("binary", "qemu-system-x86_64").trim(),
        options.getOrDefault("img_binary", "qemu-img").trim(),
        options.getOrDefault("host_ip", "127.0.0.1").trim(),
        integer(options, "vnc_base_display", 0, 0, 59635),
        Duration.ofMillis(Math.round(decimal(options, "soft_reboot_seconds", 60) * 1000)),
        Duration.ofMillis(Math.round(decimal(options, "shutdown_seconds", 30) * 1000)),
        integer(options, "console_max_bytes", 1 << 20, 4096, Integer.MAX_VALUE),
        options.getOrDefault("machine", "pc").trim());
  }

  private static int integer(Map<String, String> o, String key, int def, int min, int max) {
    String v = o.get(key);
    if (v == null) {
      return def;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("compute.qemu." + key + " = " + v + " is not a whole"
          + " number from " + min + " to " + max);
    }
  }

  private static double decimal(Map<String, String> o, String key, double def) {
    String v = o.get(key);
    if (v == null) {
      return def;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (d < 0 || d > 3600) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("compute.qemu." + key + " = " + v + " is not a number"
          + " of seconds from 0 to 3600");
    }
  }
}
