package dev.altus.compute.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.compute.client.ImageClient;
import dev.altus.compute.support.InMemoryImageClient;
import dev.altus.compute.virt.DriverException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCacheTest {
  @TempDir
  Path dir;
  private final InMemoryImageClient images = new InMemoryImageClient();
  private Instant now = Instant.parse("2026-11-26T00:00:00Z");

  private ImageCache cache() {
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    };
    return new ImageCache(dir, images, clock, Duration.ofHours(24));
  }

  /** A new image of {@code size} zero bytes in the image service. */
  private ImageClient.ImageInfo image(long size) {
    return images.get(images.add("img", 0, 0, size, Map.of())).orElseThrow();
  }

  @Test
  void fetchesOnceAndKeepsReadingAfterTheImageIsDeleted() throws Exception {
    var img = image(700);
    ImageCache c = cache();
    var first = c.source(img, "vm-1");
    images.delete(null, img.id());
    // a second guest and the first one read the cached copy: the image service has no data now
    var second = c.source(img, "vm-2");
    try (InputStream in = second.open()) {
      assertThat(in.readAllBytes()).hasSize(700);
    }
    assertThat(first.size()).isEqualTo(700);
    assertThat(first.diskFormat()).isEqualTo("qcow2");
  }

  @Test
  void aShortFetchFailsAndLeavesNothingCached() throws Exception {
    var stored = image(1000);
    // the image service says 2,000 bytes but sends only its 1,000 (a connection cut short)
    var img = new ImageClient.ImageInfo(stored.id(), "img", "active", "qcow2", "bare", 2000, 0, 0,
        Map.of());
    ImageCache c = cache();
    assertThatThrownBy(() -> c.source(img, "vm-1"))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("got 1000 bytes of the image's 2000");
    try (var files = Files.list(dir.resolve("_base"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void pruneKeepsWhatGuestsUseAndWhatIsRecentRemovesTheRest() throws Exception {
    var used = image(1);
    var unused = image(1);
    var recent = image(1);
    ImageCache c = cache();
    c.source(used, "vm-1");
    c.source(unused, "vm-gone");
    now = now.plus(Duration.ofHours(25));
    c.source(recent, null);
    // vm-gone is no longer on the driver and its record is old: its base goes; vm-1 keeps "used"
    assertThat(c.prune(Set.of("vm-1"))).isEqualTo(1);
    assertThat(dir.resolve("_base/" + used.id())).exists();
    assertThat(dir.resolve("_base/" + recent.id())).exists();
    assertThat(dir.resolve("_base/" + unused.id())).doesNotExist();
    assertThat(dir.resolve("guests/vm-gone")).doesNotExist();
    // a guest just starting to build is not on the driver yet: its record and base stay for now
    c.source(unused, "vm-new");
    assertThat(c.prune(Set.of("vm-1"))).isZero();
    assertThat(dir.resolve("_base/" + unused.id())).exists();
    now = now.plus(Duration.ofHours(25));
    assertThat(c.prune(Set.of("vm-1"))).isEqualTo(2); // "recent" and, vm-new never came, "unused"
    assertThat(dir.resolve("_base/" + used.id())).exists();
  }

  @Test
  void aBaseThatWouldOpenOtherFilesIsRefusedAndNotCached() throws Exception {
    Path base = dir.resolve("b.qcow2");
    Path overlay = dir.resolve("o.qcow2");
    var host = new dev.altus.common.host.LocalHost();
    host.run(dev.altus.common.host.Command.of("qemu-img", "create", "-q", "-f", "qcow2",
        base.toString(), "1M")).orThrow();
    host.run(dev.altus.common.host.Command.of("qemu-img", "create", "-q", "-f", "qcow2", "-b",
        base.toString(), "-F", "qcow2", overlay.toString())).orThrow();
    String id = images.addQueued("evil");
    images.upload(null, id, Files.newInputStream(overlay));
    var img = images.get(id).orElseThrow();
    ImageCache c = cache();
    assertThatThrownBy(() -> c.source(img, "vm-1"))
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("is refused").hasMessageContaining("backing file");
    try (var files = Files.list(dir.resolve("_base"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aBaseOfTheWrongSizeIsFetchedAgain() throws Exception {
    var img = image(300);
    ImageCache c = cache();
    c.source(img, "vm-1");
    Files.write(dir.resolve("_base/" + img.id()), new byte[12]); // as if cut short by a crash
    try (InputStream in = c.source(img, "vm-1").open()) {
      assertThat(in.readAllBytes()).hasSize(300);
    }
  }

  @Test
  void partialFetchesLeftByACrashAreRemovedAtStart() throws Exception {
    Files.createDirectories(dir.resolve("_base"));
    Files.write(dir.resolve("_base/.img-3.1234.part"), new byte[5]);
    cache();
    try (var files = Files.list(dir.resolve("_base"))) {
      assertThat(files).isEmpty();
    }
  }
}
