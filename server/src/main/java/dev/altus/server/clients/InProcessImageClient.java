package dev.altus.server.clients;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import dev.altus.compute.client.ImageClient;
import dev.altus.image.ImageModule;
import dev.altus.image.model.Image;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** Compute's view of the image service in one process: calls its service layer directly. */
public final class InProcessImageClient implements ImageClient {
  private final ImageModule image;

  public InProcessImageClient(ImageModule image) {
    this.image = image;
  }

  @Override
  public Optional<ImageInfo> find(RequestContext ctx, String imageId) {
    try {
      return Optional.of(info(image.images.show(ctx, imageId)));
    } catch (ApiException e) {
      if (e.status() == 404 || e.status() == 403) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static ImageInfo info(Image i) {
    return new ImageInfo(i.id(), i.name(), i.status().wire(), i.diskFormat(),
        i.containerFormat(), i.size() == null ? 0 : i.size(), i.minRam(), i.minDisk(),
        i.properties());
  }

  @Override
  public InputStream open(String imageId) throws IOException {
    return image.data.open(imageId, 0, Long.MAX_VALUE);
  }

  @Override
  public String createSnapshot(RequestContext ctx, String name, Map<String, String> properties) {
    var body = Json.object();
    body.put("name", name);
    body.put("disk_format", properties.getOrDefault("disk_format", "qcow2"));
    body.put("container_format", properties.getOrDefault("container_format", "bare"));
    properties.forEach((k, v) -> {
      if (k.equals("min_ram") || k.equals("min_disk")) {
        body.put(k, Integer.parseInt(v));
      } else if (!k.equals("disk_format") && !k.equals("container_format")) {
        body.put(k, v);
      }
    });
    image.policy.enforce("add_image", ctx);
    return image.images.create(ctx, body).id();
  }

  @Override
  public void upload(RequestContext ctx, String imageId, InputStream data) {
    image.data.upload(ctx, imageId, data, null);
  }

  @Override
  public java.util.List<ImageInfo> list(RequestContext ctx, Map<String, String> properties) {
    Map<String, java.util.List<String>> q = new java.util.HashMap<>();
    properties.forEach((k, v) -> q.put(k, java.util.List.of(v)));
    q.put("sort_key", java.util.List.of("created_at"));
    q.put("sort_dir", java.util.List.of("asc"));
    java.util.List<ImageInfo> out = new java.util.ArrayList<>();
    String marker = null;
    while (true) {
      if (marker != null) {
        q.put("marker", java.util.List.of(marker));
      }
      var page = image.listing.list(ctx, q);
      page.images().forEach(i -> out.add(info(i)));
      if (!page.more() || page.images().isEmpty()) {
        return out;
      }
      marker = page.images().get(page.images().size() - 1).id();
    }
  }

  @Override
  public void delete(RequestContext ctx, String imageId) {
    // as Nova's proxy calls Glance with the caller's token, Glance's policy decides
    image.policy.enforce("delete_image", ctx);
    image.images.delete(ctx, imageId);
  }

  private static ImageRecord record(Image i) {
    return new ImageRecord(info(i), i.createdAt().toEpochMilli(), i.updatedAt().toEpochMilli());
  }

  @Override
  public java.util.List<ImageRecord> all(RequestContext ctx) {
    Map<String, java.util.List<String>> q = new java.util.HashMap<>();
    q.put("sort_key", java.util.List.of("created_at"));
    q.put("sort_dir", java.util.List.of("desc"));
    q.put("limit", java.util.List.of("1000"));
    java.util.List<ImageRecord> out = new java.util.ArrayList<>();
    while (true) {
      var page = image.listing.list(ctx, q);
      page.images().forEach(i -> out.add(record(i)));
      if (!page.more() || page.images().isEmpty()) {
        return out;
      }
      q.put("marker", java.util.List.of(page.images().get(page.images().size() - 1).id()));
    }
  }

  @Override
  public Optional<ImageRecord> record(RequestContext ctx, String imageId) {
    try {
      return Optional.of(record(image.images.show(ctx, imageId)));
    } catch (ApiException e) {
      if (e.status() == 404 || e.status() == 403) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public ImageRecord changeProperties(RequestContext ctx, String imageId, Map<String, String> set,
      java.util.Set<String> remove) {
    image.policy.enforce("modify_image", ctx);
    java.util.List<dev.altus.image.service.PatchOp> ops = new java.util.ArrayList<>();
    remove.forEach(k -> ops.add(new dev.altus.image.service.PatchOp("remove", k, null)));
    set.forEach((k, v) -> ops.add(new dev.altus.image.service.PatchOp("add", k,
        com.fasterxml.jackson.databind.node.TextNode.valueOf(v))));
    return record(image.images.patch(ctx, imageId, ops));
  }
}
