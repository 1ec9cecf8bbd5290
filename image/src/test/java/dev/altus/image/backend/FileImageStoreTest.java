package dev.altus.image.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The file store passes the contract; partial files of a crash are cleaned up. */
class FileImageStoreTest extends ImageStoreContract {
  @Override
  ImageStore create(Path dir) {
    return ImageStoreProvider.named("file").create(dir);
  }

  @Test
  void partialFilesOfACrashAreRemoved() throws Exception {
    Files.writeString(dir.resolve(".incoming").resolve(id() + ".abc"), "partial");
    assertThat(store.removeIncomplete()).isEqualTo(1);
    assertThat(store.storedIds()).isEmpty();
  }

  @Test
  void unknownStoreNamesAreRefusedNamingTheKnownOnes() {
    assertThatThrownBy(() -> ImageStoreProvider.named("swift"))
        .hasMessageContaining("known: file");
  }

  @Test
  void pathsThatAreNotImageIdsAreRefused() {
    assertThatThrownBy(() -> store.size("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
