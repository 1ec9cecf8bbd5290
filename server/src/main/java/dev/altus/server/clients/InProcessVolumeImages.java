package dev.altus.server.clients;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import dev.altus.image.ImageModule;
import dev.altus.image.model.Image;
import dev.altus.volume.client.ImageGateway;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Block storage's view of the image service in one process: its service layer, called as the
 * request's caller under the image service's own policy rules.
 */
public final class InProcessVolumeImages implements ImageGateway {
  private final ImageModule image;

  public InProcessVolumeImages(ImageModule image) {
    this.image = image;
  }

  @Override
  public Optional<ImageInfo> find(RequestContext ctx, String imageId) {
    try {
      Image i = image.images.show(ctx, imageId);
      return Optional.of(new ImageInfo(i.id(), i.name(), i.status().wire(), i.diskFormat(),
          i.containerFormat(), i.size() == null ? 0 : i.size(), i.minDisk(), i.minRam(),
          i.checksum(), i.properties()));
    } catch (ApiException e) {
      if (e.status() == 404 || e.status() == 403) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public InputStream open(String imageId) throws IOException {
    return image.data.open(imageId, 0, Long.MAX_VALUE);
  }

  @Override
  public String create(RequestContext ctx, String name, String diskFormat,
      String containerFormat, String visibility, boolean isProtected,
      Map<String, String> properties) {
    image.policy.enforce("add_image", ctx);
    var body = Json.object();
    body.put("name", name);
    body.put("disk_format", diskFormat);
    body.put("container_format", containerFormat);
    body.put("visibility", visibility);
    body.put("protected", isProtected);
    properties.forEach(body::put);
    return image.images.create(ctx, body).id();
  }

  @Override
  public void upload(RequestContext ctx, String imageId, InputStream data) {
    image.policy.enforce("upload_image", ctx);
    image.data.upload(ctx, imageId, data, null);
  }

  @Override
  public void delete(RequestContext ctx, String imageId) {
    image.policy.enforce("delete_image", ctx);
    image.images.delete(ctx, imageId);
  }
}
