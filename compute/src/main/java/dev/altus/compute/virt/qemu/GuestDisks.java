package dev.altus.compute.virt.qemu;

import dev.altus.common.diskimage.DiskImageInspector;
import dev.altus.common.diskimage.UnsafeImageException;
import dev.altus.common.host.Command;
import dev.altus.common.host.Host;
import dev.altus.common.host.HostCommandException;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.ImageSource;
import dev.altus.compute.virt.InstanceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The disks of guests: each guest's root disk is a qcow2 overlay on the host's copy of its image
 * (checked by {@link DiskImageInspector} before any tool opens it) grown to the flavor's root disk;
 * ephemeral (qcow2) and swap (raw, with a swap signature) disks of the flavor's sizes; the config
 * drive copied into the guest's directory.
 */
final class GuestDisks {
  static final long GIB = 1L << 30;
  private final Host host;
  private final QemuImg img;
  private final Path bases;

  GuestDisks(Host host, QemuImg img, Path instancesPath) {
    this.host = host;
    this.img = img;
    this.bases = instancesPath.resolve("_base");
  }

  /** A checked image: its file on this host, format and virtual size. */
  record Base(Path file, String format, long virtualSize) {}

  /**
   * The image as a checked file on this host: refuses what is not what it claims or would make
   * qemu open other files ({@link DiskImageInspector}), and the formats this driver does not boot.
   */
  Base base(ImageSource image) throws DriverException {
    String claimed = image.diskFormat() == null ? "" : image.diskFormat();
    if (!claimed.equals("raw") && !claimed.equals("qcow2")) {
      throw new DriverException("Image " + image.id() + " cannot be used: its disk_format "
          + (claimed.isEmpty() ? "(none)" : claimed) + " is not one the qemu driver boots; use"
          + " raw or qcow2.", false);
    }
    Path file = file(image);
    try {
      DiskImageInspector.Inspection i = DiskImageInspector.check(file, claimed, true);
      if (i.virtualSize() <= 0) {
        throw new DriverException("Image " + image.id() + " cannot be used: it is empty.", false);
      }
      return new Base(file, i.format().qemuName(), i.virtualSize());
    } catch (UnsafeImageException e) {
      throw new DriverException("Image " + image.id() + " cannot be used: " + e.getMessage(),
          false);
    } catch (UncheckedIOException e) {
      throw new DriverException("Image " + image.id() + " could not be read: " + e.getMessage(),
          true, e);
    }
  }

  /** The file of an image: the cache's own, or one written here from the image's bytes. */
  Path file(ImageSource image) throws DriverException {
    if (image.file() != null) {
      return image.file();
    }
    String id = image.id();
    if (!id.matches("[A-Za-z0-9._-]{1,128}") || id.startsWith(".")) {
      throw new DriverException("Image id " + id + " is not a file name.", false);
    }
    Path file = bases.resolve(id);
    synchronized (this) {
      try {
        if (Files.exists(file) && Files.size(file) == image.size()) {
          return file;
        }
        Files.createDirectories(bases);
        Path part = bases.resolve("." + id + "." + Long.toHexString(System.nanoTime()) + ".part");
        try (InputStream in = image.open()) {
          Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
          Files.move(part, file, StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(part);
        }
        return file;
      } catch (IOException e) {
        throw new DriverException("Image " + id + " could not be written to " + bases + ": "
            + e.getMessage(), true, e);
      }
    }
  }

  /**
   * A qcow2 overlay at {@code disk} on {@code base}, of the flavor's root size (the image's own
   * size when the flavor says 0); refused when the image is larger than the flavor's disk.
   */
  void rootDisk(String imageId, Base base, int rootGb, Path disk) throws DriverException {
    long want = rootGb > 0 ? rootGb * GIB : base.virtualSize();
    if (rootGb > 0 && base.virtualSize() > want) {
      throw new DriverException("Image " + imageId + " has a virtual size of "
          + base.virtualSize() + " bytes, larger than the flavor's root disk of " + rootGb
          + " GB; use a flavor with a larger disk.", false);
    }
    try {
      img.overlay(base.file(), base.format(), disk, want);
    } catch (HostCommandException e) {
      throw new DriverException("The root disk of image " + imageId + " could not be made: "
          + e.getMessage(), true, e);
    }
  }

  /** The flavor's ephemeral and swap disks, and the config drive, in the guest's directory. */
  void extraDisks(InstanceSpec spec, GuestFiles f) throws DriverException {
    try {
      if (spec.ephemeralGb() > 0) {
        img.create(f.ephemeral(), "qcow2", spec.ephemeralGb() * GIB);
      }
      if (spec.swapMb() > 0) {
        img.create(f.swap(), "raw", spec.swapMb() * (1L << 20));
        host.run(Command.of("mkswap", "-L", "swap", f.swap().toString())).orThrow();
      }
      if (spec.configDrive() != null) {
        Files.copy(spec.configDrive(), f.configDrive(), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (HostCommandException | IOException e) {
      throw new DriverException("The disks of instance " + spec.uuid() + " could not be made: "
          + e.getMessage(), true, e);
    }
  }

  /** Grows a disk to {@code gb} GiB. */
  void grow(Path disk, String format, int gb) throws DriverException {
    try {
      img.resize(disk, format, gb * GIB);
    } catch (HostCommandException e) {
      throw new DriverException("Disk " + disk + " could not be grown to " + gb + " GB: "
          + e.getMessage(), true, e);
    }
  }

  /** A self-contained qcow2 copy of a disk no process uses. */
  void copyOffline(Path disk, Path target) throws DriverException {
    try {
      Files.deleteIfExists(target);
      img.convertToQcow2(disk, "qcow2", target);
    } catch (HostCommandException | IOException e) {
      throw new DriverException("The snapshot of " + disk + " could not be written: "
          + e.getMessage(), true, e);
    }
  }
}
