package dev.altus.common.diskimage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.Host;
import dev.altus.common.host.HostCommandException;
import dev.altus.common.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code qemu-img info} on an untrusted image, as Glance and Nova run it: the format always given
 * ({@code -f}, never probed), under an address-space and CPU-time limit (a crafted header cannot
 * make it eat the host), with a time-out, through the host command layer.
 */
public final class QemuImg {
  private static final Logger LOG = LoggerFactory.getLogger(QemuImg.class);
  /** Glance's and Nova's limits for qemu-img on an image: 1 GiB of address space, 30 s of CPU. */
  public static final long ADDRESS_SPACE = 1L << 30;
  public static final int CPU_SECONDS = 30;
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /**
   * What qemu-img says of an image.
   *
   * @param format the format it opened it as
   * @param virtualSize the guest-visible size in bytes
   * @param backingFile the backing file it names, or null
   * @param dataFile the external data file it names, or null
   */
  public record Info(String format, long virtualSize, String backingFile, String dataFile) {}

  private final Host host;

  public QemuImg(Host host) {
    this.host = host;
  }

  /** Whether qemu-img is installed (apt-get install qemu-utils). */
  public boolean available() {
    return host.available("qemu-img");
  }

  /**
   * Reads an image's header as {@code format}; a failure (not of that format, over its limits,
   * out of time) is an {@link UnsafeImageException} carrying qemu-img's own words.
   */
  public Info info(Path image, DiskFormat format) {
    Command c = Command.of(List.of("qemu-img", "info", "--output=json", "-f", format.qemuName(),
        image.toString())).withLimits(ADDRESS_SPACE, CPU_SECONDS).withTimeout(TIMEOUT);
    CommandResult r;
    try {
      r = host.run(c);
    } catch (HostCommandException e) {
      throw new UnsafeImageException("qemu-img could not read the image as " + format + ": "
          + e.getMessage());
    }
    if (!r.ok()) {
      LOG.info("qemu-img info on {} as {}: exit {}: {}", image, format, r.exitCode(),
          r.stderr().strip());
      throw new UnsafeImageException("qemu-img could not read the image as " + format + ": "
          + r.stderr().strip());
    }
    JsonNode j = Json.parse(r.stdout());
    JsonNode data = j.at("/format-specific/data/data-file");
    return new Info(j.path("format").asText(), j.path("virtual-size").asLong(-1),
        j.hasNonNull("backing-filename") ? j.path("backing-filename").asText() : null,
        data.isTextual() ? data.asText() : null);
  }

  /**
   * {@link #info}, refusing what qemu-img itself sees as unsafe: another format than asked, a
   * backing file or an external data file (a second opinion beside the inspector's).
   */
  public Info safeInfo(Path image, DiskFormat format) {
    Info i = info(image, format);
    if (!i.format().equals(format.qemuName())) {
      throw new UnsafeImageException("qemu-img reads the image as " + i.format() + ", not "
          + format);
    }
    if (i.backingFile() != null) {
      throw new UnsafeImageException("Image is unsafe: it names the backing file "
          + i.backingFile());
    }
    if (i.dataFile() != null) {
      throw new UnsafeImageException("Image is unsafe: it names the external data file "
          + i.dataFile());
    }
    return i;
  }
}
