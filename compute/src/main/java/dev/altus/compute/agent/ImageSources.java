package dev.altus.compute.agent;

import dev.altus.compute.client.ImageClient;
import dev.altus.compute.virt.ImageSource;
import java.io.IOException;
import java.io.InputStream;

/** An image of the image service as a driver reads it. */
final class ImageSources {
  private ImageSources() {}

  static ImageSource of(ImageClient images, ImageClient.ImageInfo info) {
    return new ImageSource() {
      @Override
      public String id() {
        return info.id();
      }

      @Override
      public String diskFormat() {
        return info.diskFormat();
      }

      @Override
      public long size() {
        return info.size();
      }

      @Override
      public InputStream open() throws IOException {
        return images.open(info.id());
      }
    };
  }
}
