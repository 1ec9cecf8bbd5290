package dev.altus.compute.virt.qemu;

import dev.altus.common.host.DeviceNames;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a guest's QEMU process, from its record: named after the instance so
 * {@code ps} tells which guest is which, a QMP socket and a serial console (logged to a file and
 * reachable on a socket) in the guest's directory, VNC on its own display, virtio disks and NICs
 * (taps made beforehand), and either a direct kernel boot or a boot from the first disk.
 */
final class QemuArgv {
  /** The kernel command line of a direct boot whose image gives none. */
  static final String DEFAULT_CMDLINE = "root=/dev/vda console=tty0 console=ttyS0";

  private QemuArgv() {}

  /**
   * @param accel {@code kvm} or {@code tcg}
   * @param incoming a memory state file to resume from, or null for a fresh boot
   */
  static List<String> build(GuestRecord r, GuestFiles f, QemuOptions o, String accel,
      boolean incoming) {
    List<String> a = new ArrayList<>();
    a.add(o.binary());
    a.addAll(List.of("-name", "guest=" + r.name + ",process=" + r.name + ",debug-threads=on"));
    a.addAll(List.of("-uuid", r.uuid));
    a.addAll(List.of("-machine", o.machine() + ",accel=" + accel));
    if (accel.equals("kvm")) {
      a.addAll(List.of("-cpu", "host"));
    }
    a.addAll(List.of("-smp", String.valueOf(r.vcpus), "-m", String.valueOf(r.memoryMb)));
    a.addAll(List.of("-nodefaults", "-no-user-config", "-msg", "timestamp=on"));
    a.addAll(List.of("-display", "none", "-device", "VGA"));
    a.addAll(List.of("-vnc", o.hostIp() + ":" + r.vncDisplay));
    a.addAll(List.of("-chardev", "socket,id=serial0,path=" + f.serial()
        + ",server=on,wait=off,logfile=" + f.consoleLog() + ",logappend=on"));
    a.addAll(List.of("-serial", "chardev:serial0"));
    a.addAll(List.of("-qmp", "unix:" + f.qmp() + ",server=on,wait=off"));
    a.addAll(List.of("-pidfile", f.pidFile().toString()));
    a.addAll(List.of("-device", "pvpanic"));
    boolean rescued = r.rescueImageId != null;
    GuestRecord.Boot boot = rescued ? r.rescueBoot : r.boot;
    int first = boot != null ? -1 : 0; // a direct kernel boot holds the first boot index
    if (rescued) {
      disk(a, "disk-rescue", f.rescueDisk().toString(), "qcow2", first);
    }
    disk(a, "disk0", f.disk().toString(), "qcow2", first < 0 ? -1 : rescued ? 1 : 0);
    if (r.ephemeralGb > 0) {
      disk(a, "disk-eph0", f.ephemeral().toString(), "qcow2", -1);
    }
    if (r.swapMb > 0) {
      disk(a, "disk-swap", f.swap().toString(), "raw", -1);
    }
    if (r.configDrive) {
      a.addAll(List.of("-drive", "file=" + f.configDrive()
          + ",format=raw,if=none,id=disk-config,readonly=on,media=cdrom"));
      a.addAll(List.of("-device", "ide-cd,drive=disk-config"));
    }
    if (boot != null) {
      a.addAll(List.of("-kernel", boot.kernel));
      if (boot.initrd != null) {
        a.addAll(List.of("-initrd", boot.initrd));
      }
      a.addAll(List.of("-append", boot.cmdline != null ? boot.cmdline : DEFAULT_CMDLINE));
    }
    for (GuestRecord.Nic n : r.nics) {
      a.addAll(List.of("-netdev", netdev(n)));
      a.addAll(List.of("-device", nicDevice(n)));
    }
    if (incoming) {
      a.addAll(List.of("-incoming", "exec:cat " + quoted(f.memoryState().toString())));
    }
    return a;
  }

  private static void disk(List<String> a, String id, String file, String format, int bootIndex) {
    a.addAll(List.of("-drive", "file=" + file + ",format=" + format + ",if=none,id=" + id
        + ",discard=unmap"));
    a.addAll(List.of("-device", "virtio-blk-pci,drive=" + id + ",id=" + id + "-dev"
        + (bootIndex >= 0 ? ",bootindex=" + bootIndex : "")));
  }

  /** The tap backend of a NIC, as {@code -netdev} or {@code netdev_add} takes it. */
  static String netdev(GuestRecord.Nic n) {
    String tap = DeviceNames.tap(n.portId);
    return "tap,id=" + netdevId(n) + ",ifname=" + tap + ",script=no,downscript=no,vhost=off";
  }

  static String nicDevice(GuestRecord.Nic n) {
    return "virtio-net-pci,netdev=" + netdevId(n) + ",id=" + deviceId(n) + ",mac=" + n.mac
        + ",host_mtu=" + n.mtu;
  }

  static String netdevId(GuestRecord.Nic n) {
    return "hostnet-" + DeviceNames.tap(n.portId);
  }

  static String deviceId(GuestRecord.Nic n) {
    return "net-" + DeviceNames.tap(n.portId);
  }

  /** A path in single quotes for the shell QEMU runs an {@code exec:} migration with. */
  static String quoted(String path) {
    return "'" + path.replace("'", "'\\''") + "'";
  }
}
