package dev.altus.image.backend;

import dev.altus.common.diskimage.DiskFormat;
import dev.altus.common.diskimage.QemuImg;
import dev.altus.common.diskimage.UnsafeImageException;
import dev.altus.common.host.Host;
import dev.altus.common.host.LocalHost;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image's virtual (guest-visible) size from {@code qemu-img info}, for the disk formats that
 * have one, run as an untrusted input's tool ({@link QemuImg}: the format given, memory and CPU
 * limited, through the host command layer). Without qemu-img (apt-get install qemu-utils)
 * virtual_size stays null, except for raw where it equals the size.
 */
public final class VirtualSizeProbe {
  private static final Logger LOG = LoggerFactory.getLogger(VirtualSizeProbe.class);
  private static final Set<String> PROBED = Set.of("qcow2", "vmdk", "vhd", "vhdx", "vdi");
  private final QemuImg qemuImg;

  /** @param host the host qemu-img runs on, or null for none (virtual sizes stay unknown) */
  public VirtualSizeProbe(Host host) {
    this.qemuImg = host == null ? null : new QemuImg(host);
  }

  /** qemu-img on this machine, if installed. */
  public static VirtualSizeProbe local() {
    QemuImg q = new QemuImg(new LocalHost());
    if (!q.available()) {
      LOG.warn("qemu-img not found: virtual_size stays unset for qcow2/vmdk/vhd/vdi images "
          + "(apt-get install qemu-utils)");
      return new VirtualSizeProbe(null);
    }
    return new VirtualSizeProbe(new LocalHost());
  }

  /**
   * The virtual size of an image already inspected as {@code diskFormat}; empty when qemu-img is
   * missing or cannot tell. An image qemu-img sees a backing or data file in is refused.
   */
  public Optional<Long> virtualSize(String diskFormat, Path file, long size) {
    if ("raw".equals(diskFormat)) {
      return Optional.of(size);
    }
    if (qemuImg == null || diskFormat == null || !PROBED.contains(diskFormat)) {
      return Optional.empty();
    }
    try {
      long v = qemuImg.safeInfo(file, DiskFormat.of(diskFormat).orElseThrow()).virtualSize();
      return v >= 0 ? Optional.of(v) : Optional.empty();
    } catch (UnsafeImageException e) {
      if (e.getMessage().startsWith("Image is unsafe")) {
        throw e;
      }
      // data qemu-img cannot read as the declared format (allowed when formats need not match)
      LOG.info("no virtual size for {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }
}
