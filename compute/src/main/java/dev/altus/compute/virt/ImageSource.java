package dev.altus.compute.virt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** An image a driver boots from or rebuilds with: its identity, format and bytes. */
public interface ImageSource {
  String id();

  /** Glance's disk_format: qcow2, raw, ... */
  String diskFormat();

  long size();

  /** The image's bytes from the start; the caller closes the stream. */
  InputStream open() throws IOException;

  /**
   * The image as a file on this host (the host's image cache), which a hypervisor can use as the
   * backing file of a guest's disk; null when the image is only a stream, and a driver that needs a
   * file writes one from {@link #open}.
   */
  default Path file() {
    return null;
  }

  /**
   * The kernel to boot directly (the image's {@code kernel_id}), or null to boot from the disk.
   */
  default ImageSource kernel() {
    return null;
  }

  /** The initial ramdisk of a direct kernel boot (the image's {@code ramdisk_id}), or null. */
  default ImageSource ramdisk() {
    return null;
  }

  /** The kernel command line of a direct kernel boot (the image's {@code os_command_line}). */
  default String commandLine() {
    return null;
  }
}
