package dev.altus.compute.service;

import static dev.altus.compute.model.ServerStates.ACTIVE;
import static dev.altus.compute.model.ServerStates.ERROR;
import static dev.altus.compute.model.ServerStates.PAUSED;
import static dev.altus.compute.model.ServerStates.RESCUED;
import static dev.altus.compute.model.ServerStates.RESIZED;
import static dev.altus.compute.model.ServerStates.STOPPED;
import static dev.altus.compute.model.ServerStates.SUSPENDED;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.agent.AgentMessage;
import dev.altus.compute.client.ImageClient;
import dev.altus.compute.model.Flavor;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.service.ServerTransitions.Allowed;
import dev.altus.compute.store.ServerMetadataStore;
import dev.altus.compute.store.ServerStore;
import dev.altus.compute.store.ServerUpdate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server actions (POST /servers/{id}/action): each a guarded transition into its task state,
 * then work for the server's agent. The states each accepts are Nova's.
 */
public final class ServerActions {
  private final ServerService lookup;
  private final ServerTransitions transitions;
  private final ServerStore servers;
  private final ServerMetadataStore metadata;
  private final ServerCreation creation;
  private final ImageClient images;
  private final QuotaCheck quota;
  private final ServerBuilds builds;
  private final dev.altus.compute.store.MigrationStore migrations;

  public ServerActions(ServerService lookup, ServerTransitions transitions, ServerStore servers,
      ServerMetadataStore metadata, ServerCreation creation, ImageClient images,
      QuotaCheck quota, ServerBuilds builds,
      dev.altus.compute.store.MigrationStore migrations) {
    this.builds = builds;
    this.migrations = migrations;
    this.lookup = lookup;
    this.transitions = transitions;
    this.servers = servers;
    this.metadata = metadata;
    this.creation = creation;
    this.images = images;
    this.quota = quota;
  }

  /** A simple power action: one task, no arguments beyond {@code args}. */
  private void power(RequestContext ctx, String id, String requestId, String action, String op,
      String task, Allowed ok, Map<String, Object> args) {
    Server s = lookup.get(ctx, id);
    ServerService.checkLock(ctx, s);
    long actionId = transitions.begin(ctx, s, action, requestId, ok,
        ServerUpdate.of(id).task(task));
    AgentMessage m = AgentMessage.of(op, id, ctx, actionId);
    for (var e : args.entrySet()) {
      m = m.with(e.getKey(), e.getValue());
    }
    transitions.cast(s, m, task);
  }

  public void stop(RequestContext ctx, String id, String requestId) {
    power(ctx, id, requestId, "stop", "stop", ServerStates.POWERING_OFF,
        Allowed.vm(ACTIVE, ERROR), Map.of());
  }

  public void start(RequestContext ctx, String id, String requestId) {
    power(ctx, id, requestId, "start", "start", ServerStates.POWERING_ON, Allowed.vm(STOPPED),
        Map.of());
  }

  public void reboot(RequestContext ctx, String id, String requestId, boolean hard) {
    if (hard) {
      power(ctx, id, requestId, "reboot", "reboot", ServerStates.REBOOTING_HARD,
          Allowed.vm(ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR).tasks(null,
              ServerStates.REBOOTING, ServerStates.REBOOTING_HARD), Map.of("type", "HARD"));
    } else {
      power(ctx, id, requestId, "reboot", "reboot", ServerStates.REBOOTING, Allowed.vm(ACTIVE),
          Map.of("type", "SOFT"));
    }
  }

  public void pause(RequestContext ctx, String id, String requestId) {
    power(ctx, id, requestId, "pause", "pause", ServerStates.PAUSING, Allowed.vm(ACTIVE),
        Map.of());
  }

  public void unpause(RequestContext ctx, String id, String requestId) {
    power(ctx, id, requestId, "unpause", "unpause", ServerStates.UNPAUSING, Allowed.vm(PAUSED),
        Map.of());
  }

  public void suspend(RequestContext ctx, String id, String requestId) {
    power(ctx, id, requestId, "suspend", "suspend", ServerStates.SUSPENDING, Allowed.vm(ACTIVE),
        Map.of());
  }

  public void resume(RequestContext ctx, String id, String requestId) {
    power(ctx, id, requestId, "resume", "resume", ServerStates.RESUMING, Allowed.vm(SUSPENDED),
        Map.of());
  }

  /** Rescue; returns the admin password set for the rescue boot. */
  public void rescue(RequestContext ctx, String id, String requestId, String rescueImage) {
    Server s = lookup.get(ctx, id);
    ServerService.checkLock(ctx, s);
    String image = rescueImage;
    if (image != null) {
      String ref = ServerCreation.lastSegment(image);
      ImageClient.ImageInfo info = images.find(ctx, ref).orElseThrow(() ->
          ApiException.badRequest("Can not find requested image"));
      if (!"active".equals(info.status())) {
        throw ApiException.badRequest("Image " + ref + " is not active.");
      }
      image = info.id();
    } else if (s.imageRef() != null && !s.imageRef().isEmpty()) {
      image = s.imageRef();
    }
    Allowed ok = Allowed.vm(ACTIVE, STOPPED, ERROR);
    long actionId = transitions.begin(ctx, s, "rescue", requestId, ok, ServerUpdate.of(id)
        .task(ServerStates.RESCUING).set("previous_vm_state", s.vmState()));
    transitions.cast(s, AgentMessage.of("rescue", id, ctx, actionId).with("image", image),
        ServerStates.RESCUING);
  }

  public void unrescue(RequestContext ctx, String id, String requestId) {
    power(ctx, id, requestId, "unrescue", "unrescue", ServerStates.UNRESCUING,
        Allowed.vm(RESCUED), Map.of());
  }

  public void resize(RequestContext ctx, String id, String requestId, String flavorRef,
      Boolean autoDiskConfig) {
    Server s = lookup.get(ctx, id);
    ServerService.checkLock(ctx, s);
    Flavor target;
    try {
      target = creation.flavor(ctx, flavorRef);
    } catch (ApiException e) {
      throw ApiException.badRequest("Unable to find flavor " + flavorRef + ".");
    }
    Allowed ok = Allowed.vm(ACTIVE, STOPPED);
    if (!ok.permits(s)) {
      throw ServerTransitions.invalidState("resize", s, ok);
    }
    if (target.id().equals(s.flavor().id())) {
      throw ApiException.badRequest("When resizing, instances must change flavor!");
    }
    if (target.rootGb() < s.flavor().rootGb()) {
      throw ApiException.badRequest("Resize error: Unable to resize disk down.");
    }
    if (s.imageRef() != null && !s.imageRef().isEmpty()) {
      images.find(ctx, s.imageRef()).ifPresent(img -> {
        if (img.minRamMb() > target.memoryMb()) {
          throw ApiException.badRequest("Flavor's memory is too small for requested image.");
        }
        if (target.rootGb() > 0 && img.minDiskGb() > target.rootGb()) {
          throw ApiException.badRequest("Flavor's disk is too small for requested image.");
        }
      });
    }
    // only growth counts against quota
    quota.grow(s.projectId(), s.userId(), target.vcpus() - s.flavor().vcpus(),
        target.memoryMb() - s.flavor().memoryMb());
    ServerUpdate change = ServerUpdate.of(id).task(ServerStates.RESIZE_PREP)
        .set("old_flavor", s.flavor()).set("new_flavor", target)
        .set("previous_vm_state", s.vmState());
    if (autoDiskConfig != null) {
      change.set("auto_disk_config", autoDiskConfig);
    }
    long actionId = transitions.begin(ctx, s, "resize", requestId, ok, change);
    migrations.start(id, s.projectId(), s.userId(), "resize", s.host(), s.node(),
        s.flavor().id(), target.id());
    transitions.cast(s, AgentMessage.of("resize", id, ctx, actionId), ServerStates.RESIZE_PREP);
  }

  public void confirmResize(RequestContext ctx, String id, String requestId) {
    Server s = lookup.get(ctx, id);
    ServerService.checkLock(ctx, s);
    long actionId = transitions.begin(ctx, s, "confirmResize", requestId, Allowed.vm(RESIZED),
        ServerUpdate.of(id).task(ServerStates.RESIZE_CONFIRMING));
    transitions.cast(s, AgentMessage.of("confirm_resize", id, ctx, actionId),
        ServerStates.RESIZE_CONFIRMING);
  }

  public void revertResize(RequestContext ctx, String id, String requestId) {
    Server s = lookup.get(ctx, id);
    ServerService.checkLock(ctx, s);
    long actionId = transitions.begin(ctx, s, "revertResize", requestId, Allowed.vm(RESIZED),
        ServerUpdate.of(id).task(ServerStates.RESIZE_REVERTING));
    transitions.cast(s, AgentMessage.of("revert_resize", id, ctx, actionId),
        ServerStates.RESIZE_REVERTING);
  }

  /** What a rebuild may change besides the image. */
  public record Rebuild(String imageRef, String name, Map<String, String> metadata,
      String accessIpv4, String accessIpv6, String description, boolean descriptionGiven,
      String keyName, boolean keyNameGiven, String userData, boolean userDataGiven,
      String hostname, Boolean autoDiskConfig, Map<String, String> personality) {}

  public Server rebuild(RequestContext ctx, String id, String requestId, Rebuild r,
      KeyPairLookup keys) {
    Server s = lookup.get(ctx, id);
    ServerService.checkLock(ctx, s);
    ImageClient.ImageInfo image = images.find(ctx, ServerCreation.lastSegment(r.imageRef()))
        .orElseThrow(() -> ApiException.badRequest("Cannot find requested image "
            + r.imageRef() + "."));
    ServerCreation.checkImage(image, s.flavor());
    if (Boolean.TRUE.equals(r.autoDiskConfig())) {
      ServerCreation.checkAutoDisk(image);
    }
    if (r.personality() != null) {
      quota.injectedFiles(s.projectId(), s.userId(), r.personality());
    }
    var spec = s.requestSpec().withImageProperties(image.properties());
    ServerUpdate u = ServerUpdate.of(id).task(ServerStates.REBUILDING)
        .set("image_ref", image.id()).set("previous_vm_state", s.vmState())
        .set("request_spec", r.personality() == null ? spec
            : spec.withPersonality(r.personality()));
    if (r.name() != null) {
      u.set("name", r.name());
    }
    if (r.accessIpv4() != null) {
      u.set("access_ipv4", r.accessIpv4());
    }
    if (r.accessIpv6() != null) {
      u.set("access_ipv6", r.accessIpv6());
    }
    if (r.descriptionGiven()) {
      u.set("description", r.description());
    }
    if (r.hostname() != null) {
      u.set("hostname", r.hostname());
    }
    if (r.autoDiskConfig() != null) {
      u.set("auto_disk_config", r.autoDiskConfig());
    }
    if (r.keyNameGiven()) {
      if (r.keyName() == null) {
        u.set("key_name", null).set("key_data", null);
      } else {
        var key = keys.find(s.userId(), r.keyName()).orElseThrow(() ->
            ApiException.badRequest("Invalid key_name provided."));
        u.set("key_name", key.name()).set("key_data", key.publicKey());
      }
    }
    if (r.userDataGiven()) {
      u.set("user_data", r.userData());
    }
    if (r.metadata() != null) {
      quota.metadata(s.projectId(), s.userId(), r.metadata().size());
    }
    long actionId = transitions.begin(ctx, s, "rebuild", requestId,
        Allowed.vm(ACTIVE, STOPPED, ERROR), u);
    if (r.metadata() != null) {
      metadata.replace(id, r.metadata());
    }
    Server now = servers.find(id).orElse(s);
    transitions.cast(now, AgentMessage.of("rebuild", id, ctx, actionId),
        ServerStates.REBUILDING);
    return servers.find(id).orElse(now);
  }

  /** createImage: the snapshot's image is created queued now; its id is returned. */
  public String createImage(RequestContext ctx, String id, String requestId, String name,
      Map<String, String> meta) {
    return snapshot(ctx, id, requestId, name, meta, null, 0);
  }

  /**
   * createBackup: a snapshot marked as a backup of its type; once it is uploaded, the oldest
   * backups of the same type beyond {@code rotation} are deleted.
   */
  public String createBackup(RequestContext ctx, String id, String requestId, String name,
      String backupType, int rotation, Map<String, String> meta) {
    return snapshot(ctx, id, requestId, name, meta, backupType, rotation);
  }

  private String snapshot(RequestContext ctx, String id, String requestId, String name,
      Map<String, String> meta, String backupType, int rotation) {
    Server s = lookup.get(ctx, id);
    ServerService.checkLock(ctx, s);
    Allowed ok = Allowed.vm(ACTIVE, STOPPED, PAUSED, SUSPENDED);
    if (!ok.permits(s)) {
      throw ServerTransitions.invalidState("createImage", s, ok);
    }
    quota.metadata(s.projectId(), s.userId(), meta.size());
    Map<String, String> props = new HashMap<>();
    String diskFormat = "qcow2";
    String containerFormat = "bare";
    if (s.imageRef() != null && !s.imageRef().isEmpty()) {
      var base = images.find(ctx, s.imageRef());
      if (base.isPresent()) {
        diskFormat = base.get().diskFormat() == null ? diskFormat : base.get().diskFormat();
        containerFormat = base.get().containerFormat() == null ? containerFormat
            : base.get().containerFormat();
        props.put("min_ram", String.valueOf(base.get().minRamMb()));
        props.put("min_disk", String.valueOf(Math.max(base.get().minDiskGb(),
            s.flavor().rootGb())));
        for (var e : base.get().properties().entrySet()) {
          if (!e.getKey().startsWith("os_") && !e.getKey().equals("image_type")
              && !e.getKey().equals("instance_uuid") && !e.getKey().equals("base_image_ref")) {
            props.put(e.getKey(), e.getValue());
          }
        }
      }
      props.put("base_image_ref", s.imageRef());
    }
    props.put("disk_format", diskFormat);
    props.put("container_format", containerFormat);
    props.put("image_type", backupType == null ? meta.getOrDefault("image_type", "snapshot")
        : "backup");
    if (backupType != null) {
      props.put("backup_type", backupType);
    }
    props.put("instance_uuid", s.id());
    props.put("user_id", ctx.userId());
    props.put("image_location", "snapshot");
    props.putAll(meta); // the caller's metadata wins, as in Nova
    String imageId = images.createSnapshot(ctx, name, props);
    long actionId;
    try {
      actionId = transitions.begin(ctx, s, backupType == null ? "createImage" : "createBackup",
          requestId, ok, ServerUpdate.of(id).task(ServerStates.IMAGE_SNAPSHOT));
    } catch (ApiException e) {
      images.delete(ctx, imageId);
      throw e;
    }
    try {
      AgentMessage m = AgentMessage.of("snapshot", id, ctx, actionId).with("image_id", imageId);
      if (backupType != null) {
        m = m.with("backup_type", backupType).with("rotation", rotation);
      }
      transitions.cast(s, m, ServerStates.IMAGE_SNAPSHOT);
    } catch (ApiException e) {
      images.delete(ctx, imageId);
      throw e;
    }
    return imageId;
  }

  /**
   * Shelve: the API creates the image the guest's disk goes to ("NAME-shelved"); the host
   * snapshots, removes the guest and frees its resources (SHELVED_OFFLOADED).
   */
  public void shelve(RequestContext ctx, String id, String requestId) {
    Server s = lookup.get(ctx, id);
    ServerService.checkLock(ctx, s);
    Allowed ok = Allowed.vm(ACTIVE, STOPPED, PAUSED, SUSPENDED);
    if (!ok.permits(s)) {
      throw ServerTransitions.invalidState("shelve", s, ok);
    }
    Map<String, String> props = new HashMap<>();
    props.put("disk_format", "qcow2");
    props.put("container_format", "bare");
    if (s.imageRef() != null && !s.imageRef().isEmpty()) {
      images.find(ctx, s.imageRef()).ifPresent(base -> {
        props.put("disk_format", base.diskFormat());
        props.put("container_format", base.containerFormat());
        props.put("min_ram", String.valueOf(base.minRamMb()));
        props.put("min_disk", String.valueOf(base.minDiskGb()));
      });
      props.put("base_image_ref", s.imageRef());
    }
    props.put("image_type", "snapshot");
    props.put("instance_uuid", s.id());
    props.put("user_id", ctx.userId());
    String imageId = images.createSnapshot(ctx, s.name() + "-shelved", props);
    try {
      long actionId = transitions.begin(ctx, s, "shelve", requestId, ok,
          ServerUpdate.of(id).task(ServerStates.SHELVING));
      transitions.cast(s, AgentMessage.of("shelve", id, ctx, actionId).with("image_id",
          imageId), ServerStates.SHELVING);
    } catch (ApiException e) {
      images.delete(ctx, imageId);
      throw e;
    }
  }

  /** shelveOffload (admins): frees the host of a server shelved there. */
  public void shelveOffload(RequestContext ctx, String id, String requestId) {
    Server s = lookup.get(ctx, id);
    Allowed ok = Allowed.vm(ServerStates.SHELVED);
    long actionId = transitions.begin(ctx, s, "shelveOffload", requestId, ok,
        ServerUpdate.of(id).task(ServerStates.SHELVING_OFFLOADING));
    transitions.cast(s, AgentMessage.of("shelve_offload", id, ctx, actionId),
        ServerStates.SHELVING_OFFLOADING);
  }

  /**
   * Unshelve: the server is placed again and spawned from its shelved image; optionally in
   * another availability zone (2.77) or on a given host (2.91, admins).
   *
   * @param zoneGiven true when the request named a zone (null: any zone again)
   */
  public void unshelve(RequestContext ctx, String id, String requestId, boolean zoneGiven,
      String zone, String host) {
    Server s = lookup.get(ctx, id);
    ServerService.checkLock(ctx, s);
    Allowed ok = Allowed.vm(ServerStates.SHELVED, ServerStates.SHELVED_OFFLOADED);
    if (!ok.permits(s)) {
      throw ServerTransitions.invalidState("unshelve", s, ok);
    }
    dev.altus.compute.model.RequestSpec spec = s.requestSpec().withoutTried();
    ServerUpdate change = ServerUpdate.of(id).task(ServerStates.UNSHELVING);
    if (zoneGiven || host != null) {
      String[] placed = creation.zone(ctx, host == null ? (zone == null ? null : zone)
          : (zone == null ? "" : zone) + ":" + host);
      spec = new dev.altus.compute.model.RequestSpec(spec.networks(), placed[0], placed[1],
          spec.groupId(), spec.sameHost(), spec.differentHost(), spec.imageProperties(),
          List.of());
      if (zoneGiven) {
        change.set("availability_zone", zone);
      }
    }
    change.set("request_spec", spec);
    long actionId = transitions.begin(ctx, s, "unshelve", requestId,
        Allowed.vm(ServerStates.SHELVED_OFFLOADED), change);
    builds.unshelve(id, dev.altus.compute.agent.CallerContexts.toJson(ctx), actionId);
  }

  public void lock(RequestContext ctx, String id, String requestId, String reason) {
    Server s = lookup.get(ctx, id);
    servers.apply(ServerUpdate.of(id).set("locked", true)
        .set("locked_by", ctx.isAdmin() && !s.projectId().equals(ctx.projectId()) ? "admin"
            : "owner").set("locked_reason", reason));
  }

  public void unlock(RequestContext ctx, String id, String requestId, boolean mayOverride) {
    Server s = lookup.get(ctx, id);
    if (s.locked() && "admin".equals(s.lockedBy()) && !mayOverride) {
      throw ApiException.forbidden("Instance " + id + " was locked by an admin: only an admin"
          + " may unlock it.");
    }
    servers.apply(ServerUpdate.of(id).set("locked", false).set("locked_by", null)
        .set("locked_reason", null));
  }

  /** os-resetState (admin): sets the vm_state and clears the task, whatever it was. */
  public void resetState(RequestContext ctx, String id, String state) {
    Server s = lookup.get(ctx, id);
    servers.apply(ServerUpdate.of(s.id()).vm(state).task(null));
  }
}
