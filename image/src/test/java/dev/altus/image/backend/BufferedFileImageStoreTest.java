package dev.altus.image.backend;

import java.nio.file.Path;

/**
 * The file store's contract with the page cache only (no direct I/O), as on file systems without
 * it. A class of its own so that the test runner finds it (a static nested class is skipped).
 */
class BufferedFileImageStoreTest extends ImageStoreContract {
  @Override
  ImageStore create(Path dir) {
    return new FileImageStore(dir, false);
  }
}
