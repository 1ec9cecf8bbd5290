package dev.altus.volume.backend;

import dev.altus.common.diskimage.DiskFormat;
import dev.altus.common.diskimage.DiskImageInspector;
import dev.altus.common.diskimage.QemuImg;
import dev.altus.common.diskimage.UnsafeImageException;
import dev.altus.common.host.Host;
import java.nio.file.Path;
import java.util.Set;

/**
 * The checks a disk image from the image service passes before it becomes a volume, and the
 * formats a volume may be uploaded as. An image is untrusted input: its header is inspected (no
 * backing file, no external data file) and qemu-img reads it under limits as the format its
 * header shows, never probing.
 */
final class FileImages {
  /** The disk formats a volume may be uploaded as (Cinder's list, less ploop). */
  static final Set<String> EXPORT_FORMATS = Set.of("raw", "qcow2", "vmdk", "vdi", "vhd",
      "vhdx");
  private final QemuImg qemuImg;

  FileImages(Host host) {
    this.qemuImg = new QemuImg(host);
  }

  /**
   * The format to open {@code image} as, after its safety checks; refuses a disk larger than
   * {@code maxBytes}.
   */
  DiskFormat inspect(Path image, String claimed, long maxBytes, String what) {
    DiskImageInspector.Inspection i;
    QemuImg.Info info;
    try {
      // the header decides the format: the image service may hold data unlike its disk_format
      i = DiskImageInspector.check(image, claimed, false);
      info = qemuImg.safeInfo(image, i.format());
    } catch (UnsafeImageException e) {
      throw new BackendException(what + ": " + e.getMessage(), e);
    }
    if (info.virtualSize() > maxBytes) {
      throw new BackendException(what + ": the image's disk is " + info.virtualSize()
          + " bytes, larger than the volume's " + maxBytes + " bytes");
    }
    return i.format();
  }

  /** The format named by an upload's {@code disk_format}. */
  static DiskFormat exportFormat(String diskFormat) {
    if (!EXPORT_FORMATS.contains(diskFormat)) {
      throw new BackendException("a volume cannot be uploaded as " + diskFormat + "; formats: "
          + String.join(", ", new java.util.TreeSet<>(EXPORT_FORMATS)));
    }
    return DiskFormat.of(diskFormat).orElseThrow();
  }
}
