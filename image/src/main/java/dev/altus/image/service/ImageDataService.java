package dev.altus.image.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.diskimage.DiskImageInspector;
import dev.altus.common.diskimage.UnsafeImageException;
import dev.altus.common.error.ApiException;
import dev.altus.image.ImageConfig;
import dev.altus.image.backend.ImageStore;
import dev.altus.image.backend.ImageStore.StoredData;
import dev.altus.image.backend.VirtualSizeProbe;
import dev.altus.image.model.Image;
import dev.altus.image.model.ImageStatus;
import dev.altus.image.store.ImageRecords;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image data: upload (queued -> saving -> active, computing size, MD5 and SHA-512 while streaming),
 * download, and the start-up reconciliation of the database with the stored files.
 */
public final class ImageDataService {
  private static final Logger LOG = LoggerFactory.getLogger(ImageDataService.class);
  private final ImageConfig config;
  private final ImageRecords images;
  private final ImageStore store;
  private final VirtualSizeProbe probe;
  private final ImageService service;
  private final Clock clock;
  private final Object quotaLock = new Object();

  /** What a download needs: the image and a way to open its data. */
  public record Download(Image image, long size) {}

  public ImageDataService(ImageConfig config, ImageRecords images, ImageStore store,
      VirtualSizeProbe probe, ImageService service, Clock clock) {
    this.config = config;
    this.images = images;
    this.store = store;
    this.probe = probe;
    this.service = service;
    this.clock = clock;
  }

  /**
   * Stores the body as the image's data. {@code declaredLength} is the request's Content-Length (or
   * null when chunked): a body that ends early is a truncated upload and leaves the image queued.
   */
  public Image upload(RequestContext ctx, String id, InputStream body, Long declaredLength) {
    Image img = service.access().modifiable(ctx, service.find(id), "upload data to");
    if (img.status() != ImageStatus.QUEUED) {
      throw ApiException.conflict("Image status transition from " + img.status().wire()
          + " to saving is not allowed");
    }
    if (img.diskFormat() == null || img.containerFormat() == null) {
      throw ApiException.badRequest("Properties disk_format, container_format must be set prior"
          + " to saving data.");
    }
    long limit = limitFor(img.owner());
    if (declaredLength != null && declaredLength > limit) {
      throw tooLarge(limit);
    }
    if (!images.transition(id, ImageStatus.QUEUED, ImageStatus.SAVING, clock.instant())) {
      throw ApiException.conflict("Image status transition to saving is not allowed: the image"
          + " is no longer queued");
    }
    StoredData data;
    ClientBody client = new ClientBody(body);
    try {
      data = store.write(id, client, limit);
      if (declaredLength != null && data.size() != declaredLength) {
        store.delete(id);
        throw new TruncatedException(data.size(), declaredLength);
      }
    } catch (ImageStore.TooLargeException e) {
      restore(id, ImageStatus.QUEUED);
      throw tooLarge(limit);
    } catch (TruncatedException e) {
      restore(id, ImageStatus.QUEUED);
      throw ApiException.badRequest("The upload ended after " + e.got + " of " + e.expected
          + " bytes; the image stays queued.");
    } catch (IOException | RuntimeException e) {
      // the body could not be read (client gone) or the data could not be written; either way
      // the image goes back to queued so that the upload can be tried again, as Glance does
      restore(id, ImageStatus.QUEUED);
      if (client.failed()) {
        LOG.warn("upload of image {} failed reading the request body: {}", id, e.toString());
        throw ApiException.badRequest("The image data could not be read from the request: "
            + e.getMessage() + "; the image stays queued.");
      }
      LOG.error("upload of image {} failed writing to the image store: {}", id, e.toString());
      throw StoreFailures.writeFailed(e);
    }
    return activate(img, ImageStatus.SAVING, data);
  }

  /**
   * Makes an image whose data was just stored active: virtual size from qemu-img, digests, and a
   * compare-and-set from {@code from}, keeping attributes changed meanwhile by a PATCH. If the image
   * was deleted or changed state meanwhile the data is removed again.
   */
  Image activate(Image img, ImageStatus from, StoredData data) {
    String id = img.id();
    Long virtualSize;
    try {
      var file = store.localFile(id);
      if (file.isPresent()) {
        var seen = DiskImageInspector.check(file.get(), img.diskFormat(),
            config.requireImageFormatMatch());
        LOG.debug("image {} data is {} (disk_format {})", id, seen.format(), img.diskFormat());
      }
      virtualSize = file.flatMap(f -> probe.virtualSize(img.diskFormat(), f, data.size()))
          .orElse(null);
    } catch (UnsafeImageException e) {
      // as Glance since 2024: refused with the reason, nothing kept, the image queued again
      LOG.warn("image {} refused: {}", id, e.getMessage());
      deleteQuietly(id);
      images.transition(id, from, ImageStatus.QUEUED, clock.instant());
      throw ApiException.badRequest(e.getMessage());
    }
    if (config.storageQuota() < 0) {
      return save(img, from, data, virtualSize);
    }
    // concurrent uploads of one project each checked the quota before storing: the final check and
    // the save happen under one lock so together they cannot exceed it
    synchronized (quotaLock) {
      long used = images.usage(img.owner())[1];
      if (used + data.size() > config.storageQuota()) {
        deleteQuietly(id);
        images.transition(id, from, ImageStatus.QUEUED, clock.instant());
        throw tooLarge(Math.max(0, config.storageQuota() - used));
      }
      return save(img, from, data, virtualSize);
    }
  }

  private Image save(Image img, ImageStatus from, StoredData data, Long virtualSize) {
    String id = img.id();
    Image latest = images.find(id).orElse(null);
    if (latest == null || latest.status() != from) {
      deleteQuietly(id);
      throw ApiException.conflict("Image " + id + " was deleted while its data was stored.");
    }
    Image active = new Image(latest.id(), latest.name(), ImageStatus.ACTIVE, latest.visibility(),
        latest.owner(), latest.diskFormat(), latest.containerFormat(), data.size(), virtualSize,
        data.md5Hex(), "sha512", data.sha512Hex(), latest.minDisk(), latest.minRam(),
        latest.isProtected(), latest.osHidden(), latest.properties(), latest.tags(),
        latest.createdAt(), clock.instant());
    if (!images.update(active, from)) {
      deleteQuietly(id);
      throw ApiException.conflict("Image " + id + " changed while its data was stored.");
    }
    return active;
  }

  /** Bytes the owner may still store in one image (size cap and storage quota). */
  long limitFor(String owner) {
    long limit = config.maxImageSize();
    if (config.storageQuota() >= 0) {
      long used = images.usage(owner)[1];
      limit = Math.min(limit, Math.max(0, config.storageQuota() - used));
    }
    return limit;
  }

  static ApiException tooLarge(long limit) {
    return ApiException.tooLarge("Image exceeds the storage quota or size limit: at most " + limit
        + " more bytes may be stored.");
  }

  private void restore(String id, ImageStatus to) {
    deleteQuietly(id);
    images.transition(id, ImageStatus.SAVING, to, clock.instant());
  }

  void deleteQuietly(String id) {
    try {
      store.delete(id);
    } catch (IOException e) {
      LOG.warn("cannot remove data of image {}: {}", id, e.getMessage());
    }
  }

  /** The image's data for download: 204 material when it has none, 403 when deactivated. */
  public Download download(RequestContext ctx, String id) throws IOException {
    Image img = service.show(ctx, id);
    if (img.status() == ImageStatus.DEACTIVATED && !ctx.isAdmin()) {
      throw ApiException.forbidden("The requested image has been deactivated. Image data"
          + " download is forbidden.");
    }
    if (img.status() != ImageStatus.ACTIVE && img.status() != ImageStatus.DEACTIVATED) {
      return new Download(img, -1);
    }
    long size = store.size(id).orElseThrow(() -> ApiException.notFound(
        "Image " + id + " has no data in the store."));
    return new Download(img, size);
  }

  /** {@code length} bytes of the image's data from {@code offset} (fewer if it ends first). */
  public InputStream open(String id, long offset, long length) throws IOException {
    return store.open(id, offset, length);
  }

  /**
   * Start-up reconciliation: uploads interrupted by a crash go back to queued, partial files and
   * files of deleted or unknown images are removed.
   */
  public void recover() {
    try {
      int partial = store.removeIncomplete();
      int requeued = 0;
      for (Image i : images.withStatus(ImageStatus.SAVING)) {
        deleteQuietly(i.id());
        if (images.transition(i.id(), ImageStatus.SAVING, ImageStatus.QUEUED, clock.instant())) {
          requeued++;
        }
      }
      Set<String> stored = store.storedIds();
      int orphans = 0;
      for (String id : stored) {
        Image i = images.find(id).orElse(null);
        if (i == null || (i.status() != ImageStatus.ACTIVE && i.status() != ImageStatus.DEACTIVATED)) {
          deleteQuietly(id);
          orphans++;
        }
      }
      if (partial + requeued + orphans > 0) {
        LOG.info("image start-up cleanup: {} partial uploads removed, {} interrupted uploads"
            + " queued again, {} orphaned files removed", partial, requeued, orphans);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot reconcile the image store with the database: "
          + e.getMessage(), e);
    }
  }

  private static final class TruncatedException extends IOException {
    final long got;
    final long expected;

    TruncatedException(long got, long expected) {
      super("truncated");
      this.got = got;
      this.expected = expected;
    }
  }
}
