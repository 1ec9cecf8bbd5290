package dev.altus.compute.metadata;

import dev.altus.common.host.Command;
import dev.altus.common.host.Host;
import dev.altus.common.host.HostCommandException;
import dev.altus.compute.model.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Config drives: an ISO 9660 image (with Joliet and Rock Ridge) labelled {@code config-2} that
 * holds a server's metadata as {@link MetadataTree#configDrive} lays it out, made with
 * {@code genisoimage} as Nova makes it, for a guest that reads its data from a disk instead of
 * the metadata service.
 */
public final class ConfigDrive {
  /** The drive's file name in the guest's instance directory (Nova's). */
  public static final String FILE_NAME = "disk.config";
  /** The volume label guests look for. */
  public static final String LABEL = "config-2";
  static final Duration TIME_LIMIT = Duration.ofSeconds(60);

  private final Host host;
  private final InstanceDataSource source;
  private final boolean force;

  /**
   * @param force every server gets a drive (compute.force_config_drive)
   */
  public ConfigDrive(Host host, InstanceDataSource source, boolean force) {
    this.host = host;
    this.source = source;
    this.force = force;
  }

  /**
   * Whether a server gets a drive: it asked ({@code config_drive: true}), its image demands one
   * ({@code img_config_drive=mandatory}), or the cloud gives one to every server.
   */
  public boolean wanted(Server s) {
    return force || "True".equalsIgnoreCase(s.configDrive())
        || "mandatory".equals(s.requestSpec().imageProperties().get("img_config_drive"));
  }

  /** Whether genisoimage is installed (checked when the compute agents start). */
  public boolean available() {
    return host.available("genisoimage");
  }

  /**
   * Writes the drive of server {@code s} to {@code dir}/{@value #FILE_NAME}, replacing any drive
   * there only once the new one is complete (a running guest keeps the one it opened).
   */
  public Path write(Server s, Path dir) {
    InstanceMetadata md = new InstanceMetadata(source.of(s),
        InstanceMetadata.files(s.requestSpec().personality()));
    return write(MetadataTree.configDrive(md), dir.resolve(FILE_NAME));
  }

  /** Writes {@code files} (path under the drive's root to contents) as a drive at {@code iso}. */
  Path write(Map<String, byte[]> files, Path iso) {
    Path tree = null;
    Path partial = iso.resolveSibling(iso.getFileName() + ".partial");
    try {
      Files.createDirectories(iso.getParent());
      tree = Files.createTempDirectory(iso.getParent(), ".config-drive-");
      for (var f : files.entrySet()) {
        Path p = tree.resolve(f.getKey()).normalize();
        if (!p.startsWith(tree)) {
          throw new IllegalArgumentException("config drive path leaves the drive: " + f.getKey());
        }
        Files.createDirectories(p.getParent());
        Files.write(p, f.getValue());
      }
      Files.deleteIfExists(partial);
      host.run(Command.of(List.of("genisoimage", "-o", partial.toString(), "-ldots",
          "-allow-lowercase", "-allow-multidot", "-l", "-publisher", "Altus", "-quiet", "-J",
          "-r", "-V", LABEL, tree.toString())).withTimeout(TIME_LIMIT)).orThrow();
      Files.move(partial, iso, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return iso;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the config drive " + iso + ": "
          + e.getMessage(), e);
    } catch (HostCommandException e) {
      throw new IllegalStateException("cannot make the config drive " + iso + ": "
          + e.getMessage() + (available() ? "" : " (genisoimage not found: apt-get install"
          + " genisoimage)"), e);
    } finally {
      delete(tree);
      try {
        Files.deleteIfExists(partial);
      } catch (IOException e) {
        // nothing was made
      }
    }
  }

  /** Removes the drive in {@code dir}, if any (the guest is gone). */
  public static void remove(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(FILE_NAME));
      try (Stream<Path> left = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
        if (left.findAny().isEmpty()) {
          Files.deleteIfExists(dir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the config drive in " + dir, e);
    }
  }

  private static void delete(Path tree) {
    if (tree == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(tree)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary tree; what is left is removed with the instance directory
    }
  }
}
