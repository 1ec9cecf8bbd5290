package dev.altus.volume.client;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * The block storage service's view of the image service: what it reads to make a volume from an
 * image, and where it writes a volume uploaded as an image. In the all-in-one cloud the image
 * service runs in the same process and this calls its service layer; every call acts as the
 * caller, so the image service's own policy decides.
 */
public interface ImageGateway {
  /**
   * An image as a volume needs it.
   *
   * @param size the bytes of its data (0 while it has none)
   * @param minDisk the smallest disk (GiB) it boots from
   */
  record ImageInfo(String id, String name, String status, String diskFormat,
      String containerFormat, long size, int minDisk, int minRam, String checksum,
      Map<String, String> properties) {
    public ImageInfo {
      properties = Map.copyOf(properties);
    }
  }

  /** The image if the caller may see it. */
  Optional<ImageInfo> find(RequestContext ctx, String imageId);

  /** The image's data. */
  InputStream open(String imageId) throws IOException;

  /** Creates an image record (queued, no data yet) and returns its id. */
  String create(RequestContext ctx, String name, String diskFormat, String containerFormat,
      String visibility, boolean isProtected, Map<String, String> properties);

  /** Stores the data of a queued image, which becomes active. */
  void upload(RequestContext ctx, String imageId, InputStream data);

  /** Deletes an image (an upload that failed leaves none behind). */
  void delete(RequestContext ctx, String imageId);

  /** No image service: volumes from images and uploads are refused with a 400. */
  static ImageGateway none() {
    return new ImageGateway() {
      private ApiException refuse() {
        return ApiException.badRequest("Invalid input received: this cloud has no image"
            + " service for volumes to read from or upload to.");
      }

      @Override
      public Optional<ImageInfo> find(RequestContext ctx, String imageId) {
        throw refuse();
      }

      @Override
      public InputStream open(String imageId) {
        throw refuse();
      }

      @Override
      public String create(RequestContext ctx, String name, String diskFormat,
          String containerFormat, String visibility, boolean isProtected,
          Map<String, String> properties) {
        throw refuse();
      }

      @Override
      public void upload(RequestContext ctx, String imageId, InputStream data) {
        throw refuse();
      }

      @Override
      public void delete(RequestContext ctx, String imageId) {
        throw refuse();
      }
    };
  }
}
