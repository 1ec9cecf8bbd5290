package dev.altus.compute.agent;

import dev.altus.compute.client.ImageClient;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.FileImage;
import dev.altus.compute.virt.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's base images, like Nova's {@code instances/_base}: an image the host boots, rebuilds
 * or rescues from is fetched once from the image service into {@code <dir>/_base/<image id>} and
 * the driver reads it there. A guest's disk so never depends on the image still existing in the
 * image service: an unshelved server's snapshot image is deleted after the unshelve, and users
 * delete images their servers still run from.
 *
 * <p>Which guest uses which base is kept in {@code <dir>/guests/<server id>}. {@link #prune} (the
 * agent's periodic reconciliation) forgets guests the driver no longer has and removes the bases
 * no remaining guest uses once they have been unused for the minimum age, so a base fetched for a
 * build that is just starting is never removed under it.
 */
final class ImageCache {
  private static final Logger LOG = LoggerFactory.getLogger(ImageCache.class);
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private final Path base;
  private final Path guests;
  private final ImageClient images;
  private final Clock clock;
  private final Duration minimumAge;
  private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

  ImageCache(Path dir, ImageClient images, Clock clock, Duration minimumAge) {
    this.base = dir.resolve("_base");
    this.guests = dir.resolve("guests");
    this.images = images;
    this.clock = clock;
    this.minimumAge = minimumAge;
    try {
      Files.createDirectories(base);
      Files.createDirectories(guests);
      try (DirectoryStream<Path> parts = Files.newDirectoryStream(base, ".*.part")) {
        for (Path p : parts) {
          Files.deleteIfExists(p); // a fetch cut off by a crash
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the image cache in " + dir + ": "
          + e.getMessage() + " (set compute.instances_path to a writable directory)", e);
    }
  }

  /**
   * The image as the driver reads it, fetched into the cache on first use; {@code guest}, when
   * not null, is recorded as using it.
   */
  ImageSource source(ImageClient.ImageInfo info, String guest) throws DriverException {
    Map<String, String> props = info.properties() == null ? Map.of() : info.properties();
    ImageSource kernel = part(props.get("kernel_id"), "aki");
    ImageSource ramdisk = kernel == null ? null : part(props.get("ramdisk_id"), "ari");
    String commandLine = kernel == null ? null : props.get("os_command_line");
    FileImage disk = cached(info, guest == null ? null : new Record(guest,
        Stream.of(info.id(), kernel == null ? null : kernel.id(),
            ramdisk == null ? null : ramdisk.id()).filter(Objects::nonNull).toList()));
    return new FileImage(disk.id(), disk.diskFormat(), disk.file(), disk.size(), kernel, ramdisk,
        commandLine);
  }

  /** A guest and the images it uses (its disk image, and a kernel and ramdisk it boots). */
  private record Record(String guest, List<String> images) {}

  /** The kernel or ramdisk image of a direct boot, fetched like any image; null when none. */
  private ImageSource part(String id, String format) throws DriverException {
    if (id == null || id.isBlank()) {
      return null;
    }
    if (!SAFE_ID.matcher(id).matches()) {
      throw new DriverException("Image property " + format + " id " + id + " is not an image"
          + " id.", false);
    }
    return cached(new ImageClient.ImageInfo(id, null, null, format, format, 0, 0, 0, Map.of()),
        null);
  }

  private FileImage cached(ImageClient.ImageInfo info, Record record) throws DriverException {
    String id = checked(info.id());
    Path file = base.resolve(id);
    return new FileImage(id, info.diskFormat(), file, ensure(info, file, record));
  }

  /**
   * Makes {@code file} hold the image (fetching it when absent, or of the wrong size after a
   * crash), marks it used now and records {@code guest} as its user; returns its size.
   */
  private long ensure(ImageClient.ImageInfo info, Path file, Record guest)
      throws DriverException {
    String id = info.id();
    synchronized (locks.computeIfAbsent(id, k -> new Object())) {
      try {
        long size = Files.exists(file) ? Files.size(file) : -1;
        if (size < 0 || (info.size() > 0 && size != info.size())) {
          size = fetch(info, file);
        }
        Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
        if (guest != null) {
          Path record = guests.resolve(checked(guest.guest()));
          Files.writeString(record, String.join("\n", guest.images()), StandardCharsets.UTF_8);
          Files.setLastModifiedTime(record, FileTime.from(clock.instant()));
        }
        return size;
      } catch (IOException e) {
        throw new DriverException("Image " + id + " could not be fetched from the image service"
            + " into " + base + ": " + e.getMessage(), false, e);
      } catch (dev.altus.common.diskimage.UnsafeImageException e) {
        throw new DriverException("Image " + id + " is refused: " + e.getMessage(), false, e);
      }
    }
  }

  /** Fetches the image into {@code file}; returns its size. */
  private long fetch(ImageClient.ImageInfo info, Path file) throws IOException {
    Path part = base.resolve("." + info.id() + "." + Long.toHexString(System.nanoTime())
        + ".part");
    try (InputStream in = images.open(info.id())) {
      long n = Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
      if (info.size() > 0 && n != info.size()) {
        throw new IOException("got " + n + " bytes of the image's " + info.size());
      }
      // untrusted input: a base that would make its reader open other files of this host
      // (a qcow2 backing or data file, VMDK extents) never reaches a driver
      dev.altus.common.diskimage.DiskImageInspector.check(part, info.diskFormat(), false);
      try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
        ch.force(true); // on disk before the name says it is complete
      }
      Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return n;
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /**
   * Forgets the guests not in {@code present} (the driver's guests) once their record is older
   * than the minimum age, then removes the bases no recorded guest uses and nobody has asked for
   * within the minimum age. Returns how many bases it removed.
   */
  int prune(Set<String> present) {
    var cutoff = clock.instant().minus(minimumAge);
    Set<String> used = new HashSet<>();
    int removed = 0;
    try (DirectoryStream<Path> records = Files.newDirectoryStream(guests)) {
      for (Path r : records) {
        String guest = r.getFileName().toString();
        if (!present.contains(guest)
            && Files.getLastModifiedTime(r).toInstant().isBefore(cutoff)) {
          Files.deleteIfExists(r);
        } else {
          for (String line : Files.readAllLines(r, StandardCharsets.UTF_8)) {
            used.add(line.trim()); // the guest's image, and the kernel and ramdisk it boots
          }
        }
      }
      try (DirectoryStream<Path> bases = Files.newDirectoryStream(base)) {
        for (Path b : bases) {
          String id = b.getFileName().toString();
          if (id.startsWith(".") || used.contains(id)) {
            continue;
          }
          synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            if (Files.exists(b) && Files.getLastModifiedTime(b).toInstant().isBefore(cutoff)) {
              Files.delete(b);
              removed++;
            }
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("pruning the image cache in {} failed: {}", base.getParent(), e.getMessage());
    }
    if (removed > 0) {
      LOG.info("image cache {}: removed {} unused base images", base, removed);
    }
    return removed;
  }

  private static String checked(String id) {
    if (!SAFE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not an id: " + id);
    }
    return id;
  }
}
