package dev.altus.compute.client;

import dev.altus.common.context.RequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * What compute needs of the image service. In the all-in-one role it calls the image service's own
 * service layer with the caller's context (so visibility rules apply); across machines it is HTTP.
 */
public interface ImageClient {
  /**
   * An image as the caller sees it.
   *
   * @param properties the image's extra properties (e.g. architecture, hw_*)
   */
  record ImageInfo(String id, String name, String status, String diskFormat,
      String containerFormat, long size, int minRamMb, int minDiskGb,
      Map<String, String> properties) {}

  /** The image if the caller may see it. */
  Optional<ImageInfo> find(RequestContext ctx, String imageId);

  /** The image's bytes, read with the service's own rights (agents boot what was approved). */
  InputStream open(String imageId) throws IOException;

  /** Creates a queued image owned by the caller's project, for a snapshot; returns its id. */
  String createSnapshot(RequestContext ctx, String name, Map<String, String> properties);

  /** Uploads a snapshot's bytes; the image becomes active. */
  void upload(RequestContext ctx, String imageId, InputStream data);

  /**
   * The images the caller sees whose properties include all of {@code properties}, oldest first
   * (backup rotation).
   */
  java.util.List<ImageInfo> list(RequestContext ctx, Map<String, String> properties);

  /** Deletes an image (a snapshot that failed). */
  void delete(RequestContext ctx, String imageId);
}
