package dev.altus.compute.virt.qemu;

import dev.altus.common.host.Command;
import dev.altus.common.host.Host;
import dev.altus.common.host.LocalHost;
import dev.altus.compute.virt.FileImage;
import dev.altus.compute.virt.ImageSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * A minimal bootable guest for the driver's tests, made from the host's Debian packages: the
 * kernel of linux-image-amd64 and an initramfs of busybox-static whose init prints its progress on
 * ttyS0, powers off on the ACPI power button (or on {@code poweroff} typed on the serial console)
 * and shows a login-like prompt. Two disk images boot it with syslinux from a FAT disk: a qcow2
 * and a raw one with another kernel command line. Built once per machine into the temporary
 * directory and reused.
 */
final class TestGuestImage {
  static final String LOGIN = "altus-test-guest login:";
  private static final String VERSION = "v1";
  private static final List<String> MODULES = List.of("button", "evdev", "virtio_ring", "virtio",
      "virtio_pci_legacy_dev", "virtio_pci_modern_dev", "virtio_pci", "virtio_blk");
  private static final String INIT = """
      #!/bin/busybox sh
      /bin/busybox --install -s /bin
      mount -t proc proc /proc
      mount -t sysfs sys /sys
      mount -t devtmpfs dev /dev
      echo "altus-test-guest: init started ($(cat /proc/cmdline))"
      for m in %s; do insmod /lib/modules/$m.ko 2>/dev/null; done
      for e in /sys/class/input/event*; do
        if grep -q "Power Button" $e/device/name 2>/dev/null; then
          (head -c 24 /dev/input/${e##*/} >/dev/null
           echo "altus-test-guest: ACPI power button, powering off"; poweroff -f) &
        fi
      done
      echo "altus-test-guest: disks: $(ls /sys/block | tr '\\n' ' ')"
      echo "altus-test-guest: ready"
      while true; do
        printf '\\naltus-test-guest login: '
        read -r line || sleep 1
        case "$line" in
          poweroff) echo "altus-test-guest: powering off"; poweroff -f ;;
          "") ;;
          *) echo "$line" ;;
        esac
      done
      """.formatted(String.join(" ", MODULES));

  /** An image file for the driver. */
  static FileImage file(String id, String format, Path file) {
    try {
      return new FileImage(id, format, file, Files.size(file));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  final Path dir;
  final Path kernel;

  private TestGuestImage(Path dir, Path kernel) {
    this.dir = dir;
    this.kernel = kernel;
  }

  /** The host's kernel, or null when linux-image-amd64 is not installed. */
  static Path hostKernel() throws IOException {
    if (!Files.isDirectory(Path.of("/boot"))) {
      return null;
    }
    try (Stream<Path> s = Files.list(Path.of("/boot"))) {
      return s.filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
          .max(Comparator.naturalOrder()).orElse(null);
    }
  }

  /** The images, built on first use. */
  static synchronized TestGuestImage get() throws IOException {
    Path kernel = hostKernel();
    if (kernel == null) {
      throw new IllegalStateException("no /boot/vmlinuz-*: apt-get install linux-image-amd64");
    }
    String version = kernel.getFileName().toString().substring("vmlinuz-".length());
    Path dir = Path.of(System.getProperty("java.io.tmpdir"),
        "altus-test-guest-" + version + "-" + VERSION);
    if (!Files.exists(dir.resolve("disk.qcow2"))) {
      Path part = Files.createTempDirectory("altus-test-guest");
      build(part, kernel, version);
      try {
        Files.move(part, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.FileAlreadyExistsException
          | java.nio.file.DirectoryNotEmptyException e) {
        deleteTree(part); // another run built it first
      }
    }
    return new TestGuestImage(dir, kernel);
  }

  ImageSource qcow2() {
    return file("test-guest-qcow2", "qcow2", dir.resolve("disk.qcow2"));
  }

  ImageSource raw() {
    return file("test-guest-raw", "raw", dir.resolve("disk-two.raw"));
  }

  /** A data disk with a direct kernel boot of the kernel and initramfs. */
  ImageSource kernelBoot() {
    FileImage data = file("test-guest-kernel-boot", "raw", dir.resolve("data.raw"));
    return new FileImage(data.id(), "raw", data.file(), data.size(),
        file("test-guest-vmlinuz", "aki", kernel),
        file("test-guest-initrd", "ari", dir.resolve("initrd.gz")),
        "console=ttyS0 quiet altus.boot=kernel");
  }

  private static void build(Path out, Path kernel, String version) throws IOException {
    Host host = new LocalHost();
    Path modules = Path.of("/lib/modules", version, "kernel");
    ByteArrayOutputStream cpio = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(cpio)) {
      Newc n = new Newc(gz);
      for (String d : List.of("bin", "proc", "sys", "dev", "etc", "tmp", "lib", "lib/modules")) {
        n.dir(d);
      }
      n.file("bin/busybox", Files.readAllBytes(Path.of("/usr/bin/busybox")), 0755);
      n.file("init", INIT.getBytes(StandardCharsets.UTF_8), 0755);
      for (String m : MODULES) {
        Path ko;
        try (Stream<Path> s = Files.walk(modules)) {
          ko = s.filter(p -> p.getFileName().toString().equals(m + ".ko")).findFirst()
              .orElseThrow(() -> new IOException("module " + m + ".ko not in " + modules));
        }
        n.file("lib/modules/" + m + ".ko", Files.readAllBytes(ko), 0644);
      }
      n.end();
    }
    Path initrd = out.resolve("initrd.gz");
    Files.write(initrd, cpio.toByteArray());
    Path one = out.resolve("disk-one.raw");
    fatDisk(host, one, kernel, initrd, out, "console=ttyS0 quiet altus.image=one");
    host.run(Command.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", one.toString(),
        out.resolve("disk.qcow2").toString())).orThrow();
    Files.delete(one);
    fatDisk(host, out.resolve("disk-two.raw"), kernel, initrd, out,
        "console=ttyS0 quiet altus.image=two");
    Files.write(out.resolve("data.raw"), new byte[1 << 20]);
  }

  private static void fatDisk(Host host, Path disk, Path kernel, Path initrd, Path tmp,
      String cmdline) throws IOException {
    host.run(Command.of("mkfs.vfat", "-C", "-n", "ALTUSTEST", disk.toString(), "24576"))
        .orThrow();
    host.run(Command.of("syslinux", "--install", disk.toString())).orThrow();
    Path cfg = tmp.resolve("syslinux.cfg");
    Files.writeString(cfg, "DEFAULT linux\nLABEL linux\n  KERNEL vmlinuz\n  APPEND initrd=initrd.gz "
        + cmdline + "\n");
    for (Path[] f : new Path[][] {{kernel, Path.of("vmlinuz")}, {initrd, Path.of("initrd.gz")},
        {cfg, Path.of("syslinux.cfg")}}) {
      host.run(Command.of("mcopy", "-i", disk.toString(), f[0].toString(), "::" + f[1]))
          .orThrow();
    }
    Files.delete(cfg);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> w = Files.walk(dir)) {
      for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The "new ASCII" cpio format of an initramfs. */
  private static final class Newc {
    private final OutputStream out;
    private int ino = 1;
    private long written;

    Newc(OutputStream out) {
      this.out = out;
    }

    void dir(String name) throws IOException {
      entry(name, 040755, new byte[0]);
    }

    void file(String name, byte[] data, int perm) throws IOException {
      entry(name, 0100000 | perm, data);
    }

    void end() throws IOException {
      entry("TRAILER!!!", 0, new byte[0]);
    }

    private void entry(String name, int mode, byte[] data) throws IOException {
      byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
      String h = String.format("070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
          ino++, mode, 0, 0, 1, 0, data.length, 0, 0, 0, 0, n.length, 0);
      write(h.getBytes(StandardCharsets.US_ASCII));
      write(n);
      pad();
      write(data);
      pad();
    }

    private void write(byte[] b) throws IOException {
      out.write(b);
      written += b.length;
    }

    private void pad() throws IOException {
      while (written % 4 != 0) {
        write(new byte[1]);
      }
    }
  }
}
