package dev.altus.volume;

import dev.altus.common.db.Database;
import dev.altus.common.error.ApiException;
import dev.altus.common.host.Host;
import dev.altus.common.http.FaultFormat;
import dev.altus.common.http.Router;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.volume.api.CinderFaults;
import dev.altus.volume.api.InfoResource;
import dev.altus.volume.api.QuotaResource;
import dev.altus.volume.api.SnapshotResource;
import dev.altus.volume.api.TypeResource;
import dev.altus.volume.api.VersionResource;
import dev.altus.volume.api.VolumeActionResource;
import dev.altus.volume.api.VolumeMetadataResource;
import dev.altus.volume.api.VolumeMicroversion;
import dev.altus.volume.api.VolumePolicies;
import dev.altus.volume.api.VolumeResource;
import dev.altus.volume.api.VolumeViews;
import dev.altus.volume.backend.FileBackend;
import dev.altus.volume.backend.VolumeBackend;
import dev.altus.volume.service.Access;
import dev.altus.volume.service.Heartbeats;
import dev.altus.volume.service.QuotaService;
import dev.altus.volume.service.SnapshotService;
import dev.altus.volume.service.TypeService;
import dev.altus.volume.service.VolumeActions;
import dev.altus.volume.service.VolumeService;
import dev.altus.volume.service.Worker;
import dev.altus.volume.store.QuotaRecords;
import dev.altus.volume.store.ServiceRecords;
import dev.altus.volume.store.SnapshotRecords;
import dev.altus.volume.store.TypeRecords;
import dev.altus.volume.store.VolumeRecords;
import java.time.Clock;

/**
 * Wires the block storage service (Cinder v3) by hand: records, the file backend, services,
 * resources and the router. Construction checks the backend, makes the default volume type,
 * settles what a stop interrupted and starts the heartbeats.
 */
public final class VolumeModule implements AutoCloseable {
  public final VolumeConfig config;
  public final VolumeBackend backend;
  public final VolumeService volumes;
  public final VolumeActions actions;
  public final SnapshotService snapshots;
  public final TypeService types;
  public final QuotaService quotas;
  public final PolicyEngine policy;
  private final Worker worker = new Worker();
  private final Heartbeats heartbeats;
  private final Router router = new Router();

  public VolumeModule(VolumeConfig config, Database db, Clock clock, Host host) {
    this(config, db, clock, host, dev.altus.volume.client.ImageGateway.none());
  }

  /** {@code images}: the image service volumes are made from and uploaded to. */
  public VolumeModule(VolumeConfig config, Database db, Clock clock, Host host,
      dev.altus.volume.client.ImageGateway images) {
    this.config = config;
    this.backend = new FileBackend(config.volumesDir(), host);
    backend.check();
    VolumeRecords records = new VolumeRecords(db.jdbi());
    SnapshotRecords snapshotRecords = new SnapshotRecords(db.jdbi());
    ServiceRecords serviceRecords = new ServiceRecords(db.jdbi());
    this.types = new TypeService(new TypeRecords(db.jdbi()), records);
    types.ensureDefault();
    this.quotas = new QuotaService(config.quotas(), new QuotaRecords(db.jdbi()), records,
        snapshotRecords);
    quotas.typesFrom(types::all);
    this.volumes = new VolumeService(config, records, snapshotRecords, backend, types, quotas,
        worker, clock);
    var messageRecords = new dev.altus.volume.store.MessageRecords(db.jdbi());
    volumes.scheduleWith(new dev.altus.volume.service.Scheduler(
            dev.altus.volume.api.PoolResource.capabilities(backend)),
        () -> serviceRecords.list().stream().noneMatch(
            s -> s.binary().equals("cinder-volume") && s.host().equals(config.volumeHost())
                && s.disabled()), messageRecords);
    this.actions = new VolumeActions(volumes);
    var imageMetadata = new dev.altus.volume.store.ImageMetadataRecords(db.jdbi());
    var volumeImages = new dev.altus.volume.service.VolumeImages(volumes, images, imageMetadata);
    volumes.imagesWith(volumeImages, imageMetadata);
    var changes = new dev.altus.volume.service.RetypeAndRevert(volumes);
    this.snapshots = new SnapshotService(volumes, snapshotRecords);
    this.policy = new PolicyEngine(VolumePolicies.defaults());
    if (config.policyFile() != null) {
      policy.loadOverrides(config.policyFile());
    }
    Access access = new Access(policy);
    VolumeViews views = new VolumeViews(config.publicUrl());
    new VolumeResource(volumes, records, types, access, views, config.maxLimit(), imageMetadata)
        .routes(router);
    new VolumeActionResource(volumes, actions, access, volumeImages, changes, types, views)
        .routes(router);
    new VolumeMetadataResource(volumes, snapshots, access).routes(router);
    new SnapshotResource(snapshots, access, views, config.maxLimit()).routes(router);
    new TypeResource(types, access, views).routes(router);
    new dev.altus.volume.api.QosResource(new dev.altus.volume.service.QosService(
        new dev.altus.volume.store.QosRecords(db.jdbi()), types, clock), access, views)
        .routes(router);
    new dev.altus.volume.api.TransferResource(new dev.altus.volume.service.TransferService(
        volumes, new dev.altus.volume.store.TransferRecords(db.jdbi())), access, views)
        .routes(router);
    new dev.altus.volume.api.AttachmentResource(
        new dev.altus.volume.service.AttachmentService(volumes, actions), access,
        config.maxLimit()).routes(router);
    new QuotaResource(quotas, access).routes(router);
    new InfoResource(config, serviceRecords, access, clock).routes(router);
    new dev.altus.volume.api.PoolResource(config, backend, access, clock).routes(router);
    new dev.altus.volume.api.MessageResource(messageRecords, access, clock, views)
        .routes(router);
    // every project route: a bad microversion is refused before the handler runs, a project in
    // the URL must be the token's, and the answer says which version served it
    router.wrap((method, template) -> template.startsWith(VolumeResource.P), h -> req -> {
      VolumeMicroversion v = VolumeMicroversion.of(req);
      var ctx = req.context();
      if (ctx.projectId() != null && !ctx.projectId().equals(req.param("project_id"))) {
        throw ApiException.badRequest("Malformed request url: the project in the URL is not"
            + " the token's project.");
      }
      return v.stamp(h.handle(req));
    });
    new VersionResource(config.publicUrl()).routes(router);
    volumes.recover();
    snapshots.recover();
    volumeImages.recover();
    changes.recover();
    this.heartbeats = new Heartbeats(config, serviceRecords, backend, clock).start();
  }

  public Router router() {
    return router;
  }

  public FaultFormat faults() {
    return new CinderFaults();
  }

  @Override
  public void close() {
    heartbeats.close();
    worker.close();
  }
}
