package dev.altus.image;

import dev.altus.common.db.Database;
import dev.altus.common.http.FaultFormat;
import dev.altus.common.http.Router;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.image.api.ImageDataResource;
import dev.altus.image.api.ImageFaults;
import dev.altus.image.api.ImagePolicies;
import dev.altus.image.api.ImageResource;
import dev.altus.image.api.ImportResource;
import dev.altus.image.api.MemberResource;
import dev.altus.image.api.MetadefResource;
import dev.altus.image.api.MetadefSchemas;
import dev.altus.image.api.SchemaResource;
import dev.altus.image.api.VersionResource;
import dev.altus.image.backend.ImageStore;
import dev.altus.image.backend.ImageStoreProvider;
import dev.altus.image.backend.VirtualSizeProbe;
import dev.altus.image.service.ImageDataService;
import dev.altus.image.service.ImageListing;
import dev.altus.image.service.ImageService;
import dev.altus.image.service.ImportService;
import dev.altus.image.service.MemberService;
import dev.altus.image.service.MetadefService;
import dev.altus.image.store.ImageRecords;
import dev.altus.image.store.MemberRecords;
import dev.altus.image.store.MetadefRecords;
import dev.altus.image.store.TaskRecords;
import java.time.Clock;
import java.util.Objects;

/**
 * Wires the image service (Glance v2) by hand: records, the file store, services, resources and the
 * router. Construction reconciles the store with the database (interrupted uploads, orphans).
 */
public final class ImageModule {
  public final ImageConfig config;
  public final ImageStore store;
  public final ImageService images;
  public final ImageDataService data;
  public final MemberService members;
  public final ImportService imports;
  /** Listing with Glance's filters (other services in the process list images through it). */
  public final ImageListing listing;
  public final PolicyEngine policy;
  private final Router router = new Router();

  public ImageModule(ImageConfig config, Database db, Clock clock) {
    this.config = Objects.requireNonNull(config);
    Objects.requireNonNull(db);
    Objects.requireNonNull(clock);
    ImageRecords records = new ImageRecords(db.jdbi());
    MemberRecords memberRecords = new MemberRecords(db.jdbi());
    ImageStoreProvider backend = ImageStoreProvider.named(config.store());
    this.store = backend.create(config.imagesDir());
    ImageStore staging = backend.create(config.imagesDir().resolve("staging"));
    this.images = new ImageService(config, records, memberRecords, store, staging, clock);
    this.data = new ImageDataService(config, records, store, VirtualSizeProbe.local(), images,
        clock);
    this.members = new MemberService(images, memberRecords, clock);
    this.listing = new ImageListing(records, memberRecords);
    this.imports = new ImportService(config, records, store, staging, images, data,
        new TaskRecords(db.jdbi()), clock);
    this.policy = new PolicyEngine(ImagePolicies.defaults());
    if (config.policyFile() != null) {
      policy.loadOverrides(config.policyFile());
    }
    images.policy((rule, ctx) -> policy.allowed(rule, ctx, java.util.Map.of()));
    new VersionResource(config.publicUrl()).routes(router);
    new SchemaResource(config.diskFormats(), config.containerFormats()).routes(router);
    new ImageResource(images, listing, policy, config.importMethods()).routes(router);
    new ImageDataResource(data, policy).routes(router);
    new ImportResource(imports, policy).routes(router);
    new MemberResource(members, policy).routes(router);
    new MetadefResource(new MetadefService(new MetadefRecords(db.jdbi()), clock), policy)
        .routes(router);
    new MetadefSchemas().routes(router);
    data.recover();
    imports.recover();
  }

  public Router router() {
    return router;
  }

  public FaultFormat faults() {
    return new ImageFaults();
  }
}
