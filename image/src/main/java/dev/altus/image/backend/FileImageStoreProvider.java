package dev.altus.image.backend;

import java.nio.file.Path;

/** The {@code file} image store: image data as files under the images directory. */
public final class FileImageStoreProvider implements ImageStoreProvider {
  @Override
  public String name() {
    return "file";
  }

  @Override
  public ImageStore create(Path dir) {
    return new FileImageStore(dir);
  }
}
