package dev.altus.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.image.ImageConfig;
import dev.altus.image.backend.ImageStore;
import dev.altus.image.backend.ImageStore.StoredData;
import dev.altus.image.model.Image;
import dev.altus.image.model.ImageStatus;
import dev.altus.image.model.ImportTask;
import dev.altus.image.store.ImageRecords;
import dev.altus.image.store.TaskRecords;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interoperable image import API. glance-direct: data is staged (queued -> uploading), then
 * imported (uploading -> importing -> active). web-download: the service fetches a URL
 * (queued -> importing -> active). Imports run in the background; a failed one leaves the image
 * queued and nothing stored.
 */
public final class ImportService {
  private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);
  private static final int MAX_REDIRECTS = 5;
  /** Glance's reserved properties that tell where an import stands. */
  static final String IMPORTING_TO_STORES = "os_glance_importing_to_stores";
  static final String FAILED_IMPORT = "os_glance_failed_import";
  private final ImageConfig config;
  private final ImageRecords images;
  private final ImageStore store;
  private final ImageStore staging;
  private final ImageService service;
  private final ImageDataService data;
  private final WebDownloadGuard guard;
  private final TaskRecords tasks;
  private final Clock clock;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

  public ImportService(ImageConfig config, ImageRecords images, ImageStore store,
      ImageStore staging, ImageService service, ImageDataService data, TaskRecords tasks,
      Clock clock) {
    this.tasks = tasks;
    this.config = config;
    this.images = images;
    this.store = store;
    this.staging = staging;
    this.service = service;
    this.data = data;
    this.guard = new WebDownloadGuard(config.webDownloadAllowedHosts());
    this.clock = clock;
  }

  public List<String> methods() {
    return config.importMethods();
  }

  /** PUT /v2/images/{id}/stage: keeps the data aside until the import call. */
  public void stage(RequestContext ctx, String id, InputStream body, Long declaredLength) {
    requireMethod("glance-direct");
    Image img = service.access().modifiable(ctx, service.find(id), "stage data for");
    if (img.status() != ImageStatus.QUEUED) {
      throw ApiException.conflict("Image status transition from " + img.status().wire()
          + " to uploading is not allowed");
    }
    long limit = data.limitFor(img.owner());
    if (declaredLength != null && declaredLength > limit) {
      throw ImageDataService.tooLarge(limit);
    }
    if (!images.transition(id, ImageStatus.QUEUED, ImageStatus.UPLOADING, clock.instant())) {
      throw ApiException.conflict("Image " + id + " is no longer queued.");
    }
    ClientBody client = new ClientBody(body);
    try {
      StoredData d = staging.write(id, client, limit);
      if (declaredLength != null && d.size() != declaredLength) {
        throw new TruncatedStage("the upload ended after " + d.size() + " of " + declaredLength
            + " bytes");
      }
    } catch (IOException | RuntimeException e) {
      deleteStaged(id);
      images.transition(id, ImageStatus.UPLOADING, ImageStatus.QUEUED, clock.instant());
      if (e instanceof ImageStore.TooLargeException) {
        throw ImageDataService.tooLarge(limit);
      }
      if (!client.failed() && !(e instanceof TruncatedStage)) {
        LOG.error("staging data of image {} failed writing to the staging area: {}", id,
            e.toString());
        throw StoreFailures.writeFailed(e);
      }
      throw ApiException.badRequest("The staged data could not be read from the request: "
          + e.getMessage());
    }
  }

  /** POST /v2/images/{id}/import: checks the request, then imports in the background. */
  public void startImport(RequestContext ctx, String id, JsonNode body, String requestId) {
    if (body == null || !body.isObject() || !body.path("method").isObject()
        || !body.path("method").path("name").isTextual()) {
      throw ApiException.badRequest("The import request needs {\"method\": {\"name\": ...}}.");
    }
    JsonNode method = body.get("method");
    String name = method.get("name").asText();
    requireMethod(name);
    Image img = service.access().modifiable(ctx, service.find(id), "import");
    if (img.diskFormat() == null || img.containerFormat() == null) {
      throw ApiException.conflict("Properties disk_format, container_format must be set prior to"
          + " importing data.");
    }
    if (name.equals("glance-direct")) {
      if (img.status() != ImageStatus.UPLOADING) {
        throw ApiException.conflict("Image needs to be staged before 'glance-direct' method can be"
            + " used");
      }
      if (!images.transition(id, ImageStatus.UPLOADING, ImageStatus.IMPORTING, clock.instant())) {
        throw ApiException.conflict("Image " + id + " is no longer staged.");
      }
      images.setProperties(id, importing(), clock.instant());
      String task = newTask(ctx, img, body, requestId);
      Thread.ofVirtual().name("image-import-" + id).start(() -> importStaged(img, task));
    } else {
      if (img.status() != ImageStatus.QUEUED) {
        throw ApiException.conflict("Image needs to be in 'queued' state to use 'web-download'"
            + " method");
      }
      if (!method.path("uri").isTextual()) {
        throw ApiException.badRequest("web-download needs method.uri.");
      }
      WebDownloadGuard.Target target;
      try {
        target = guard.check(method.get("uri").asText());
      } catch (ApiException refused) {
        // answered at once, and kept where Glance keeps an import's failure
        String task = newTask(ctx, img, body, requestId);
        LOG.warn("web-download import of image {} refused (task {}): {}", id, task,
            refused.getMessage());
        tasks.finish(task, "failure", refused.getMessage(), clock.instant());
        images.setProperties(id, failedImport(), clock.instant());
        throw refused;
      }
      if (!images.transition(id, ImageStatus.QUEUED, ImageStatus.IMPORTING, clock.instant())) {
        throw ApiException.conflict("Image " + id + " is no longer queued.");
      }
      images.setProperties(id, importing(), clock.instant());
      String task = newTask(ctx, img, body, requestId);
      Thread.ofVirtual().name("image-download-" + id).start(() -> download(img, target, task));
    }
  }

  private String newTask(RequestContext ctx, Image img, JsonNode body, String requestId) {
    var input = dev.altus.common.json.Json.object();
    input.put("image_id", img.id());
    input.set("import_req", body);
    input.putArray("backend");
    var now = clock.instant();
    String id = java.util.UUID.randomUUID().toString();
    tasks.insert(new ImportTask(id, img.id(), "api_image_import", "processing", img.owner(),
        ctx.userId(), requestId, input, "", now, now));
    return id;
  }

  /** The import tasks of an image the caller may see. */
  public List<ImportTask> tasks(RequestContext ctx, String imageId) {
    service.show(ctx, imageId);
    return tasks.ofImage(imageId);
  }

  private void importStaged(Image img, String task) {
    String id = img.id();
    try (InputStream in = staging.open(id, 0)) {
      StoredData d = store.write(id, in, data.limitFor(img.owner()));
      data.activate(img, ImageStatus.IMPORTING, d);
      deleteStaged(id);
      succeeded(id, task);
    } catch (IOException | RuntimeException e) {
      fail(id, task, e);
    }
  }

  private void download(Image img, WebDownloadGuard.Target first, String task) {
    String id = img.id();
    try {
      WebDownloadGuard.Target target = first;
      for (int hop = 0; ; hop++) {
        try (PinnedHttpGet r = PinnedHttpGet.open(target, CONNECT_TIMEOUT, READ_TIMEOUT)) {
          int st = r.status();
          if (st >= 300 && st < 400 && r.header("Location").isPresent()) {
            if (hop >= MAX_REDIRECTS) {
              throw new IOException("more than " + MAX_REDIRECTS + " redirects");
            }
            target = guard.check(target.uri().resolve(r.header("Location").get()).toString());
            continue;
          }
          if (st != 200) {
            throw new IOException(target.uri() + " answered HTTP " + st);
          }
          StoredData d = store.write(id, r.body(), data.limitFor(img.owner()));
          data.activate(img, ImageStatus.IMPORTING, d);
        }
        succeeded(id, task);
        return;
      }
    } catch (IOException | RuntimeException e) {
      fail(id, task, e);
    }
  }

  private void succeeded(String id, String task) {
    tasks.finish(task, "success", "", clock.instant());
    images.setProperties(id, Map.of(IMPORTING_TO_STORES, ""), clock.instant());
  }

  /**
   * A failed import leaves the image queued with nothing stored, and says so where Glance does:
   * the task's message and the image's {@code os_glance_failed_import}.
   */
  private void fail(String id, String task, Exception cause) {
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    LOG.error("import of image {} failed (task {}): {}", id, task, message);
    tasks.finish(task, "failure", message, clock.instant());
    data.deleteQuietly(id);
    deleteStaged(id);
    images.transition(id, ImageStatus.IMPORTING, ImageStatus.QUEUED, clock.instant());
    images.setProperties(id, failedImport(), clock.instant());
  }

  private Map<String, String> importing() {
    return Map.of(IMPORTING_TO_STORES, config.store(), FAILED_IMPORT, "");
  }

  private Map<String, String> failedImport() {
    return Map.of(IMPORTING_TO_STORES, "", FAILED_IMPORT, config.store());
  }

  /** A staged body shorter than its Content-Length: the client's fault. */
  private static final class TruncatedStage extends IOException {
    TruncatedStage(String message) {
      super(message);
    }
  }

  private void deleteStaged(String id) {
    try {
      staging.delete(id);
    } catch (IOException e) {
      LOG.warn("cannot remove staged data of image {}: {}", id, e.getMessage());
    }
  }

  private void requireMethod(String name) {
    if (!config.importMethods().contains(name)) {
      throw ApiException.badRequest("Import method " + name + " is not enabled here; enabled: "
          + config.importMethods() + ".");
    }
  }

  /**
   * Start-up reconciliation for imports: interrupted imports go back to uploading (staged data
   * kept) or queued; staged files of images no longer waiting for an import are removed.
   */
  public void recover() {
    try {
      staging.removeIncomplete();
      tasks.failUnfinished("The import was interrupted by a restart of the image service.",
          clock.instant());
      for (Image i : images.withStatus(ImageStatus.IMPORTING)) {
        data.deleteQuietly(i.id());
        boolean staged = staging.size(i.id()).isPresent();
        images.transition(i.id(), ImageStatus.IMPORTING,
            staged ? ImageStatus.UPLOADING : ImageStatus.QUEUED, clock.instant());
      }
      for (Image i : images.withStatus(ImageStatus.UPLOADING)) {
        if (staging.size(i.id()).isEmpty()) {
          images.transition(i.id(), ImageStatus.UPLOADING, ImageStatus.QUEUED, clock.instant());
        }
      }
      for (String id : staging.storedIds()) {
        Image i = images.find(id).orElse(null);
        if (i == null || i.status() != ImageStatus.UPLOADING) {
          deleteStaged(id);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot reconcile staged image data: " + e.getMessage(), e);
    }
  }
}
