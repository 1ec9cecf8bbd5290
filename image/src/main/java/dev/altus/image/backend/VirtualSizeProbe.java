package dev.altus.image.backend;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image's virtual (guest-visible) size from {@code qemu-img info --output=json}, for the disk
 * formats that have one. Without qemu-img (apt-get install qemu-utils) virtual_size stays null,
 * except for raw where it equals the size.
 */
public final class VirtualSizeProbe {
  private static final Logger LOG = LoggerFactory.getLogger(VirtualSizeProbe.class);
  private static final Set<String> PROBED = Set.of("qcow2", "vmdk", "vhd", "vhdx", "vdi");
  private final String qemuImg;

  public VirtualSizeProbe(String qemuImg) {
    this.qemuImg = qemuImg;
  }

  /** Finds qemu-img on the PATH. */
  public static VirtualSizeProbe fromPath() {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(d, "qemu-img");
      if (Files.isExecutable(p)) {
        return new VirtualSizeProbe(p.toString());
      }
    }
    LOG.warn("qemu-img not found: virtual_size stays unset for qcow2/vmdk/vhd/vdi images "
        + "(apt-get install qemu-utils)");
    return new VirtualSizeProbe(null);
  }

  public Optional<Long> virtualSize(String diskFormat, Path file, long size) {
    if ("raw".equals(diskFormat)) {
      return Optional.of(size);
    }
    if (qemuImg == null || diskFormat == null || !PROBED.contains(diskFormat)) {
      return Optional.empty();
    }
    String fmt = diskFormat.equals("vhd") ? "vpc" : diskFormat;
    try {
      Process p = new ProcessBuilder(qemuImg, "info", "--output=json", "-f", fmt, file.toString())
          .redirectErrorStream(false).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readNBytes(1 << 20);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      if (p.exitValue() != 0) {
        return Optional.empty(); // data is not of the declared format; Glance keeps it too
      }
      JsonNode info = Json.parse(new String(out, StandardCharsets.UTF_8));
      JsonNode vs = info.get("virtual-size");
      return vs != null && vs.canConvertToLong() ? Optional.of(vs.asLong()) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("qemu-img info failed on {}: {}", file, e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
