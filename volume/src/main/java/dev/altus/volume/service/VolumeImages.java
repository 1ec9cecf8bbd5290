package dev.altus.volume.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.volume.backend.BackendException;
import dev.altus.volume.client.ImageGateway;
import dev.altus.volume.model.Volume;
import dev.altus.volume.model.VolumeStates;
import dev.altus.volume.store.ImageMetadataRecords;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volumes and the image service: the checks on an image a volume is made from, what the volume
 * remembers of it ({@code volume_image_metadata}), and the upload of a volume as a new image
 * ({@code os-volume_upload_image}), which the worker converts and stores while the volume is
 * {@code uploading}.
 */
public final class VolumeImages {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeImages.class);
  private static final long GIB = 1L << 30;
  /** The image's own attributes: never copied into an uploaded image's properties. */
  private static final Set<String> CORE = Set.of("image_id", "image_name", "checksum", "size",
      "disk_format", "container_format", "min_ram", "min_disk", "status", "id", "name",
      "owner", "visibility", "protected", "os_hidden", "direct_url", "locations", "tags",
      "virtual_size", "os_hash_algo", "os_hash_value", "created_at", "updated_at",
      "stores", "file", "schema", "self");
  private final VolumeService volumes;
  private final ImageGateway gateway;
  private final ImageMetadataRecords metadata;

  public VolumeImages(VolumeService volumes, ImageGateway gateway,
      ImageMetadataRecords metadata) {
    this.volumes = volumes;
    this.gateway = gateway;
    this.metadata = metadata;
  }

  /** The image a create request names, checked: visible to the caller, active, with data. */
  ImageGateway.ImageInfo source(RequestContext ctx, VolumeDraft d) {
    ImageGateway.ImageInfo i = gateway.find(ctx, d.imageRef()).orElseThrow(
        () -> ApiException.badRequest("Invalid image identifier or unable to access requested"
            + " image: " + d.imageRef() + "."));
    if (!i.status().equals("active")) {
      throw ApiException.badRequest("Invalid input received: Image " + i.id() + " is not"
          + " active (it is " + i.status() + ").");
    }
    return i;
  }

  /** The smallest volume that holds the image: its data rounded up to GiB, or its min_disk. */
  static long sizeGb(ImageGateway.ImageInfo i) {
    return Math.max((i.size() + GIB - 1) / GIB, i.minDisk());
  }

  /** What a volume made from the image remembers of it, as Cinder's volume_image_metadata. */
  static Map<String, String> metadataOf(ImageGateway.ImageInfo i) {
    Map<String, String> m = new HashMap<>();
    i.properties().forEach((k, v) -> {
      if (v != null && !k.startsWith("os_glance")) {
        m.put(k, v);
      }
    });
    m.put("image_id", i.id());
    if (i.name() != null) {
      m.put("image_name", i.name());
    }
    if (i.checksum() != null) {
      m.put("checksum", i.checksum());
    }
    m.put("size", Long.toString(i.size()));
    m.put("min_disk", Integer.toString(i.minDisk()));
    m.put("min_ram", Integer.toString(i.minRam()));
    if (i.diskFormat() != null) {
      m.put("disk_format", i.diskFormat());
    }
    if (i.containerFormat() != null) {
      m.put("container_format", i.containerFormat());
    }
    return m;
  }

  InputStream open(ImageGateway.ImageInfo i) {
    try {
      return gateway.open(i.id());
    } catch (IOException e) {
      throw new BackendException("cannot read image " + i.id() + ": " + e.getMessage(), e);
    }
  }

  // ---- image metadata (os-show / os-set / os-unset_image_metadata) ----

  public Map<String, String> show(RequestContext ctx, String volumeId) {
    return new TreeMap<>(metadata.find(volumes.get(ctx, volumeId).id()));
  }

  /** Merges {@code set} into the volume's image metadata; returns all of it. */
  public Map<String, String> set(RequestContext ctx, String volumeId, Map<String, String> set) {
    Volume v = volumes.get(ctx, volumeId);
    synchronized (metadata) {
      Map<String, String> m = new TreeMap<>(metadata.find(v.id()));
      m.putAll(set);
      metadata.put(v.id(), m);
      return m;
    }
  }

  public void unset(RequestContext ctx, String volumeId, String key) {
    Volume v = volumes.get(ctx, volumeId);
    synchronized (metadata) {
      Map<String, String> m = new TreeMap<>(metadata.find(v.id()));
      if (m.remove(key) == null) {
        throw ApiException.notFound("Glance metadata for volume " + v.id() + " and key " + key
            + " could not be found.");
      }
      metadata.put(v.id(), m);
    }
  }

  // ---- upload ----

  /** What an upload request asks for, validated. */
  public record Upload(String imageName, String diskFormat, String containerFormat,
      String visibility, boolean isProtected, boolean force) {}

  /**
   * Starts an upload: the image is created (queued) at once, the volume goes {@code uploading}
   * and the worker converts and stores its bytes; the volume returns to its status after (and a
   * failed upload deletes the image). Returns the volume and the image's id.
   */
  public Map.Entry<Volume, String> upload(RequestContext ctx, String volumeId, Upload u,
      String requestId) {
    Volume v = volumes.get(ctx, volumeId);
    VolumeStates.check(u.force() ? VolumeStates.Op.UPLOAD_FORCED : VolumeStates.Op.UPLOAD,
        v.id(), v.status());
    Map<String, String> props = new HashMap<>();
    metadata.find(v.id()).forEach((k, val) -> {
      if (!CORE.contains(k) && !k.startsWith("os_glance")) {
        props.put(k, val);
      }
    });
    String imageId = gateway.create(ctx, u.imageName(), u.diskFormat(), u.containerFormat(),
        u.visibility(), u.isProtected(), props);
    if (!volumes.records.transition(v.id(), Set.of(v.status()), VolumeStates.UPLOADING,
        volumes.now())) {
      quietlyDelete(ctx, imageId);
      throw ApiException.badRequest("Invalid volume: Volume " + v.id()
          + " changed status; try again.");
    }
    volumes.worker.submit("upload volume " + v.id() + " to image " + imageId, () -> {
      try {
        volumes.backend.exportImage(v.id(), u.diskFormat(),
            in -> gateway.upload(ctx, imageId, in));
      } catch (RuntimeException e) {
        LOG.error("volume {}: upload to image {} failed: {}", v.id(), imageId, e.getMessage());
        quietlyDelete(ctx, imageId);
        volumes.tell(v, requestId, "VOLUME_VOLUME_004_004", "copy volume to image:"
            + e.getMessage());
      }
      settle(v.id());
    });
    return Map.entry(volumes.records.find(v.id()).orElseThrow(), imageId);
  }

  /** An uploading volume's status after the upload: in-use if still attached, else available. */
  void settle(String volumeId) {
    int attached = volumes.records.attachments(volumeId).size();
    volumes.records.transition(volumeId, Set.of(VolumeStates.UPLOADING),
        VolumeStates.afterDetach(attached), volumes.now());
  }

  private void quietlyDelete(RequestContext ctx, String imageId) {
    try {
      gateway.delete(ctx, imageId);
    } catch (RuntimeException e) {
      LOG.warn("image {} of a failed upload could not be deleted: {}", imageId, e.getMessage());
    }
  }

  /** After a restart: an upload the stop interrupted ended; its volume is usable again. */
  public void recover() {
    for (Volume v : volumes.records.withStatus(VolumeStates.UPLOADING)) {
      LOG.warn("volume {} was being uploaded when the service stopped: the upload is abandoned"
          + " (its image stays queued in the image service)", v.id());
      settle(v.id());
    }
  }

}
