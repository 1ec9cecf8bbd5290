package dev.altus.volume.backend;

import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.Host;
import dev.altus.common.diskimage.DiskFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code file} backend: each volume a sparse raw file {@code volume-<id>} under the volumes
 * directory, each snapshot a copy {@code snapshot-<id>} (reflinked where the file system can,
 * sparse otherwise). Files are made under a temporary name and renamed when complete, so a crash
 * never leaves a half-written volume under its real name. Every file is made or grown through the
 * host command layer ({@code qemu-img}, {@code cp}).
 */
public final class FileBackend implements VolumeBackend {
  private static final long GIB = 1L << 30;
  private static final Duration COPY_TIMEOUT = Duration.ofHours(1);
  private final Path dir;
  private final Host host;
  private final FileImages images;

  public FileBackend(Path dir, Host host) {
    this.dir = dir;
    this.host = host;
    this.images = new FileImages(host);
  }

  @Override
  public String name() {
    return "file";
  }

  @Override
  public void check() {
    for (String tool : List.of("qemu-img", "cp")) {
      if (!host.available(tool)) {
        throw new BackendException(tool + " not found: apt-get install "
            + (tool.equals("cp") ? "coreutils" : "qemu-utils"));
      }
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new BackendException("cannot create the volumes directory " + dir + ": "
          + e.getMessage(), e);
    }
    if (!Files.isWritable(dir)) {
      throw new BackendException("the volumes directory " + dir + " is not writable");
    }
    removeTemporaries();
  }

  /** A crash may leave {@code .part} files of unfinished operations: they hold nothing of value. */
  private void removeTemporaries() {
    try (var s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".part")).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new BackendException("cannot clean " + dir + ": " + e.getMessage(), e);
    }
  }

  public Path volumePath(String volumeId) {
    return dir.resolve("volume-" + safe(volumeId));
  }

  public Path snapshotPath(String snapshotId) {
    return dir.resolve("snapshot-" + safe(snapshotId));
  }

  private static String safe(String id) {
    if (!id.matches("[0-9a-fA-F-]{1,64}")) {
      throw new IllegalArgumentException("not an id: " + id);
    }
    return id;
  }

  @Override
  public void create(String volumeId, long sizeGb) {
    Path target = volumePath(volumeId);
    Path part = partOf(target);
    run(Command.of("qemu-img", "create", "-q", "-f", "raw", part.toString(),
        Long.toString(sizeGb * GIB)), "create volume " + volumeId);
    publish(part, target);
  }

  @Override
  public void createFromSnapshot(String volumeId, String snapshotId, long sizeGb) {
    copyThenGrow(snapshotPath(snapshotId), volumePath(volumeId), sizeGb,
        "create volume " + volumeId + " from snapshot " + snapshotId);
  }

  @Override
  public void cloneVolume(String volumeId, String sourceId, long sizeGb) {
    copyThenGrow(volumePath(sourceId), volumePath(volumeId), sizeGb,
        "clone volume " + sourceId + " to " + volumeId);
  }

  private void copyThenGrow(Path source, Path target, long sizeGb, String what) {
    if (!Files.exists(source)) {
      throw new BackendException(what + ": " + source + " does not exist");
    }
    Path part = partOf(target);
    copy(source, part, what);
    try {
      if (sizeOf(part) < sizeGb * GIB) {
        resize(part, sizeGb, what);
      }
    } catch (RuntimeException e) {
      deleteQuietly(part);
      throw e;
    }
    publish(part, target);
  }

  @Override
  public void createFromImage(String volumeId, InputStream image, String diskFormat,
      long sizeGb) {
    Path target = volumePath(volumeId);
    Path download = dir.resolve("image-" + safe(volumeId) + ".part");
    Path part = partOf(target);
    String what = "create volume " + volumeId + " from an image";
    try {
      try (image) {
        Files.copy(image, download, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new BackendException(what + ": cannot read the image: " + e.getMessage(), e);
      }
      DiskFormat format = images.inspect(download, diskFormat, sizeGb * GIB, what);
      run(Command.of("qemu-img", "convert", "-q", "-f", format.qemuName(), "-O", "raw",
          download.toString(), part.toString()).withTimeout(COPY_TIMEOUT), what);
      if (sizeOf(part) < sizeGb * GIB) {
        resize(part, sizeGb, what);
      }
      publish(part, target);
    } catch (RuntimeException e) {
      deleteQuietly(part);
      throw e;
    } finally {
      deleteQuietly(download);
    }
  }

  @Override
  public void exportImage(String volumeId, String diskFormat, ImageSink sink) {
    Path source = volumePath(volumeId);
    String what = "upload volume " + volumeId + " as an image";
    if (!Files.exists(source)) {
      throw new BackendException(what + ": " + source + " does not exist");
    }
    DiskFormat format = FileImages.exportFormat(diskFormat);
    Path converted = dir.resolve("upload-" + safe(volumeId) + ".part");
    try {
      // a consistent copy first: the volume may be written to while it uploads (force)
      run(Command.of("qemu-img", "convert", "-q", "-f", "raw", "-O", format.qemuName(),
          source.toString(), converted.toString()).withTimeout(COPY_TIMEOUT), what);
      try (InputStream in = Files.newInputStream(converted)) {
        sink.accept(in);
      } catch (IOException e) {
        throw new BackendException(what + ": " + e.getMessage(), e);
      }
    } finally {
      deleteQuietly(converted);
    }
  }

  @Override
  public void revertToSnapshot(String volumeId, String snapshotId, long sizeGb) {
    copyThenGrow(snapshotPath(snapshotId), volumePath(volumeId), sizeGb,
        "revert volume " + volumeId + " to snapshot " + snapshotId);
  }

  @Override
  public void extend(String volumeId, long sizeGb) {
    Path p = volumePath(volumeId);
    if (!Files.exists(p)) {
      throw new BackendException("extend volume " + volumeId + ": " + p + " does not exist");
    }
    resize(p, sizeGb, "extend volume " + volumeId);
  }

  @Override
  public void delete(String volumeId) {
    deleteFile(volumePath(volumeId), "volume " + volumeId);
  }

  @Override
  public void snapshot(String snapshotId, String volumeId) {
    Path source = volumePath(volumeId);
    if (!Files.exists(source)) {
      throw new BackendException("snapshot " + snapshotId + ": volume file " + source
          + " does not exist");
    }
    Path target = snapshotPath(snapshotId);
    Path part = partOf(target);
    copy(source, part, "snapshot " + volumeId);
    publish(part, target);
  }

  @Override
  public void deleteSnapshot(String snapshotId) {
    deleteFile(snapshotPath(snapshotId), "snapshot " + snapshotId);
  }

  @Override
  public Map<String, Object> connection(String volumeId) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("device_path", volumePath(volumeId).toString());
    data.put("format", "raw");
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("driver_volume_type", "file");
    info.put("data", data);
    return info;
  }

  @Override
  public long[] capacityGb() {
    try {
      var store = Files.getFileStore(dir);
      return new long[] {store.getTotalSpace() / GIB, store.getUsableSpace() / GIB};
    } catch (IOException e) {
      throw new BackendException("cannot read the capacity of " + dir + ": " + e.getMessage(), e);
    }
  }

  private void copy(Path source, Path part, String what) {
    try {
      run(Command.of("cp", "--reflink=auto", "--sparse=always", source.toString(),
          part.toString()).withTimeout(COPY_TIMEOUT), what);
    } catch (RuntimeException e) {
      deleteQuietly(part);
      throw e;
    }
  }

  private void resize(Path p, long sizeGb, String what) {
    run(Command.of("qemu-img", "resize", "-q", "-f", "raw", p.toString(),
        Long.toString(sizeGb * GIB)), what);
  }

  private void run(Command c, String what) {
    CommandResult r = host.run(c);
    if (!r.ok()) {
      throw new BackendException(what + " failed: " + String.join(" ", c.argv()) + " exited "
          + r.exitCode() + ": " + r.stderr().strip());
    }
  }

  private static Path partOf(Path target) {
    return target.resolveSibling(target.getFileName() + ".part");
  }

  private static void publish(Path part, Path target) {
    try {
      Files.move(part, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(part);
      throw new BackendException("cannot move " + part + " to " + target + ": " + e.getMessage(),
          e);
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new BackendException("cannot read the size of " + p + ": " + e.getMessage(), e);
    }
  }

  private static void deleteFile(Path p, String what) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new BackendException("cannot remove " + what + " (" + p + "): " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // the start-up cleanup removes what is left
    }
  }
}
