package dev.altus.compute.support;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.client.ImageClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** An image service for the compute tests: images with bytes, snapshots queued then active. */
public final class InMemoryImageClient implements ImageClient {
  private record Stored(ImageInfo info, String owner, boolean isPublic, byte[] data, long seq) {
    Stored(ImageInfo info, String owner, boolean isPublic, byte[] data) {
      this(info, owner, isPublic, data, SEQ.incrementAndGet());
    }
  }

  private static final java.util.concurrent.atomic.AtomicLong SEQ =
      new java.util.concurrent.atomic.AtomicLong();

  private final Map<String, Stored> images = new ConcurrentHashMap<>();

  /** Adds an active public image; returns its id. */
  public String add(String name, int minRamMb, int minDiskGb, long size,
      Map<String, String> properties) {
    String id = UUID.randomUUID().toString();
    images.put(id, new Stored(new ImageInfo(id, name, "active", "qcow2", "bare", size, minRamMb,
        minDiskGb, properties), null, true, new byte[Math.toIntExact(size)]));
    return id;
  }

  /** Adds a public image that is not active yet (queued). */
  public String addQueued(String name) {
    String id = UUID.randomUUID().toString();
    images.put(id, new Stored(new ImageInfo(id, name, "queued", "qcow2", "bare", 0, 0, 0,
        Map.of()), null, true, null));
    return id;
  }

  public Optional<ImageInfo> get(String id) {
    return Optional.ofNullable(images.get(id)).map(Stored::info);
  }

  @Override
  public Optional<ImageInfo> find(RequestContext ctx, String imageId) {
    Stored s = images.get(imageId);
    if (s == null || !(s.isPublic() || ctx.isAdmin() || ctx.projectId().equals(s.owner()))) {
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
  public String createSnapshot(RequestContext ctx, String name, Map<String, String> properties) {
    String id = UUID.randomUUID().toString();
    Map<String, String> props = new HashMap<>(properties);
    images.put(id, new Stored(new ImageInfo(id, name, "queued",
        props.getOrDefault("disk_format", "qcow2"), "bare", 0, 0, 0, props), ctx.projectId(),
        false, null));
    return id;
  }

  @Override
  public void upload(RequestContext ctx, String imageId, InputStream data) {
    Stored s = images.get(imageId);
    if (s == null) {
      throw ApiException.notFound("image " + imageId);
    }
    try {
      byte[] bytes = data.readAllBytes();
      ImageInfo i = s.info();
      images.put(imageId, new Stored(new ImageInfo(i.id(), i.name(), "active", i.diskFormat(),
          i.containerFormat(), bytes.length, i.minRamMb(), i.minDiskGb(), i.properties()),
          s.owner(), s.isPublic(), bytes, s.seq()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public java.util.List<ImageInfo> list(RequestContext ctx, Map<String, String> properties) {
    return images.values().stream()
        .filter(s -> s.isPublic() || ctx.isAdmin() || ctx.projectId().equals(s.owner()))
        .filter(s -> s.info().properties().entrySet().containsAll(properties.entrySet()))
        .sorted(java.util.Comparator.comparingLong(Stored::seq)).map(Stored::info).toList();
  }

  @Override
  public void delete(RequestContext ctx, String imageId) {
    images.remove(imageId);
  }

  @Override
  public java.util.List<ImageRecord> all(RequestContext ctx) {
    return images.values().stream()
        .filter(s -> s.isPublic() || ctx.isAdmin() || ctx.projectId().equals(s.owner()))
        .sorted(java.util.Comparator.comparingLong(Stored::seq).reversed())
        .map(s -> new ImageRecord(s.info(), s.seq(), s.seq())).toList();
  }

  @Override
  public Optional<ImageRecord> record(RequestContext ctx, String imageId) {
    return find(ctx, imageId).map(i -> new ImageRecord(i, images.get(imageId).seq(),
        images.get(imageId).seq()));
  }

  @Override
  public ImageRecord changeProperties(RequestContext ctx, String imageId,
      Map<String, String> set, java.util.Set<String> remove) {
    Stored s = images.get(imageId);
    if (s == null || !(ctx.isAdmin() || ctx.projectId().equals(s.owner()))) {
      throw ApiException.notFound("image " + imageId);
    }
    Map<String, String> props = new HashMap<>(s.info().properties());
    remove.forEach(props::remove);
    props.putAll(set);
    ImageInfo i = s.info();
    ImageInfo next = new ImageInfo(i.id(), i.name(), i.status(), i.diskFormat(),
        i.containerFormat(), i.size(), i.minRamMb(), i.minDiskGb(), props);
    images.put(imageId, new Stored(next, s.owner(), s.isPublic(), s.data(), s.seq()));
    return new ImageRecord(next, s.seq(), s.seq());
  }
}
