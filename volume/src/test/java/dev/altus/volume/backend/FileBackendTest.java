package dev.altus.volume.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.common.host.LocalHost;
import dev.altus.common.host.RecordingHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBackendTest {
  private static final long GIB = 1L << 30;
  private static final String V1 = "0b5e3c59-0000-4000-8000-000000000001";
  private static final String V2 = "0b5e3c59-0000-4000-8000-000000000002";
  private static final String S1 = "0b5e3c59-0000-4000-8000-0000000000a1";

  @TempDir
  Path dir;

  @Test
  void volumesAreSparseFilesThatGrowCopyAndGo() throws Exception {
    FileBackend b = new FileBackend(dir, new LocalHost());
    b.check();
    b.create(V1, 1);
    Path v1 = b.volumePath(V1);
    assertThat(Files.size(v1)).isEqualTo(GIB);
    b.extend(V1, 2);
    assertThat(Files.size(v1)).isEqualTo(2 * GIB);
    b.snapshot(S1, V1);
    assertThat(Files.size(b.snapshotPath(S1))).isEqualTo(2 * GIB);
    b.createFromSnapshot(V2, S1, 3);
    assertThat(Files.size(b.volumePath(V2))).isEqualTo(3 * GIB);
    assertThat(b.connection(V1).get("driver_volume_type")).isEqualTo("file");
    b.deleteSnapshot(S1);
    b.delete(V1);
    b.delete(V1);
    assertThat(v1).doesNotExist();
    assertThat(b.snapshotPath(S1)).doesNotExist();
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .containsExactly("volume-" + V2);
    }
  }

  @Test
  void aFailedToolLeavesNothingAndSaysWhy() throws Exception {
    RecordingHost host = new RecordingHost().answer(List.of("qemu-img"), 1, "",
        "No space left on device");
    FileBackend b = new FileBackend(dir, host);
    assertThatThrownBy(() -> b.create(V1, 1)).isInstanceOf(BackendException.class)
        .hasMessageContaining("No space left on device");
    assertThat(b.volumePath(V1)).doesNotExist();
  }

  @Test
  void startUpRemovesWhatACrashLeftHalfMade() throws Exception {
    Files.writeString(dir.resolve("volume-" + V1 + ".part"), "half");
    new FileBackend(dir, new LocalHost()).check();
    assertThat(dir.resolve("volume-" + V1 + ".part")).doesNotExist();
  }

  @Test
  void aMissingToolIsReportedWithThePackage() {
    FileBackend b = new FileBackend(dir, new RecordingHost().without("qemu-img"));
    assertThatThrownBy(b::check).hasMessageContaining("apt-get install qemu-utils");
  }

  @Test
  void idsCannotEscapeTheDirectory() {
    FileBackend b = new FileBackend(dir, new LocalHost());
    assertThatThrownBy(() -> b.volumePath("../etc")).isInstanceOf(IllegalArgumentException.class);
  }
}
