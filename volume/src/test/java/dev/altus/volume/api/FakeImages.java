package dev.altus.volume.api;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.volume.client.ImageGateway;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An image service in memory that behaves as the real one does for volumes: images are seen by
 * their owner, by everyone when public and by admins; a created image is queued until its data
 * is uploaded, then active with a size and checksum.
 */
final class FakeImages implements ImageGateway {
  record Stored(ImageInfo info, String owner, String visibility, byte[] data) {}

  final Map<String, Stored> images = new ConcurrentHashMap<>();

  /** Adds an active image of {@code owner} holding {@code data}. */
  String add(String owner, String visibility, String diskFormat, int minDisk, byte[] data) {
    String id = UUID.randomUUID().toString();
    images.put(id, new Stored(new ImageInfo(id, "img-" + id.substring(0, 8), "active",
        diskFormat, "bare", data.length, minDisk, 0, md5(data), Map.of("os_distro", "altus")),
        owner, visibility, data));
    return id;
  }

  void setStatus(String id, String status) {
    Stored s = images.get(id);
    ImageInfo i = s.info();
    images.put(id, new Stored(new ImageInfo(i.id(), i.name(), status, i.diskFormat(),
        i.containerFormat(), i.size(), i.minDisk(), i.minRam(), i.checksum(), i.properties()),
        s.owner(), s.visibility(), s.data()));
  }

  @Override
  public Optional<ImageInfo> find(RequestContext ctx, String imageId) {
    Stored s = images.get(imageId);
    if (s == null || !(ctx.isAdmin() || s.visibility().equals("public")
        || s.owner().equals(ctx.projectId()))) {
      return Optional.empty();
    }
    return Optional.of(s.info());
  }

  @Override
  public InputStream open(String imageId) throws IOException {
    Stored s = images.get(imageId);
    if (s == null || s.data() == null) {
      throw new IOException("image " + imageId + " has no data");
    }
    return new ByteArrayInputStream(s.data());
  }

  @Override
  public String create(RequestContext ctx, String name, String diskFormat,
      String containerFormat, String visibility, boolean isProtected,
      Map<String, String> properties) {
    if (visibility.equals("public") && !ctx.isAdmin()) {
      throw ApiException.forbidden("Attribute 'visibility' of 'public' is admin-only.");
    }
    String id = UUID.randomUUID().toString();
    images.put(id, new Stored(new ImageInfo(id, name, "queued", diskFormat, containerFormat, 0,
        0, 0, null, properties), ctx.projectId(), visibility, null));
    return id;
  }

  @Override
  public void upload(RequestContext ctx, String imageId, InputStream data) {
    Stored s = images.get(imageId);
    if (s == null) {
      throw ApiException.notFound("No image found with ID " + imageId);
    }
    byte[] bytes;
    try {
      bytes = data.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ImageInfo i = s.info();
    images.put(imageId, new Stored(new ImageInfo(i.id(), i.name(), "active", i.diskFormat(),
        i.containerFormat(), bytes.length, i.minDisk(), i.minRam(), md5(bytes),
        i.properties()), s.owner(), s.visibility(), bytes));
  }

  @Override
  public void delete(RequestContext ctx, String imageId) {
    images.remove(imageId);
  }

  private static String md5(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
