package dev.altus.volume.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.volume.model.Volume;
import dev.altus.volume.model.VolumeStates;
import dev.altus.volume.store.TransferRecords;
import dev.altus.volume.store.TransferRecords.Transfer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Volume transfers between projects: the owner offers an available volume (it is then {@code
 * awaiting-transfer}) and gets a one-time auth key; whoever presents the transfer's id and key
 * from another project, within that project's quota, becomes the owner of the volume and its
 * snapshots. Deleting the offer makes the volume available again.
 */
public final class TransferService {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final VolumeService volumes;
  private final TransferRecords records;

  public TransferService(VolumeService volumes, TransferRecords records) {
    this.volumes = volumes;
    this.records = records;
  }

  /** A new transfer and its auth key, shown once. */
  public record Offer(Transfer transfer, String authKey) {}

  public Offer create(RequestContext ctx, String volumeId, String name, boolean noSnapshots) {
    Volume v = volumes.get(ctx, volumeId);
    if (!v.status().equals(VolumeStates.AVAILABLE)) {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id() + " status must be"
          + " available to transfer it, but current status is: " + v.status() + ".");
    }
    if (noSnapshots && !volumes.snapshots.ofVolume(v.id()).isEmpty()) {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id() + " has snapshots; a"
          + " transfer without them (no_snapshots) would leave them behind in this project.");
    }
    String key = HexFormat.of().formatHex(bytes(8));
    String salt = HexFormat.of().formatHex(bytes(8));
    Transfer t = new Transfer(UUID.randomUUID().toString(), v.id(), v.projectId(), name, salt,
        hash(salt, key), noSnapshots, volumes.now());
    if (!volumes.records.transition(v.id(), Set.of(VolumeStates.AVAILABLE),
        "awaiting-transfer", volumes.now())) {
      throw ApiException.badRequest("Invalid volume: Volume " + v.id()
          + " changed status; try again.");
    }
    records.insert(t);
    return new Offer(t, key);
  }

  /** A transfer its project (or an admin) may see; else 404. */
  public Transfer get(RequestContext ctx, String id) {
    Transfer t = records.find(id).orElseThrow(() -> notFound(id));
    if (!ctx.isAdmin() && !t.projectId().equals(ctx.projectId())) {
      throw notFound(id);
    }
    return t;
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Transfer " + id + " could not be found.");
  }

  public List<Transfer> list(RequestContext ctx, boolean allTenants) {
    return records.list(allTenants && ctx.isAdmin() ? null : Access.projectOf(ctx));
  }

  /** Withdraws the offer: the volume is available again. */
  public void delete(RequestContext ctx, String id) {
    Transfer t = get(ctx, id);
    if (records.delete(t.id())) {
      volumes.records.transition(t.volumeId(), Set.of("awaiting-transfer"),
          VolumeStates.AVAILABLE, volumes.now());
    }
  }

  /** Takes the volume into the caller's project. */
  public Transfer accept(RequestContext ctx, String id, String authKey) {
    if (authKey == null) {
      throw ApiException.badRequest("Invalid input for field/attribute auth_key. 'auth_key' is"
          + " a required property");
    }
    Transfer t = records.find(id).orElseThrow(() -> notFound(id));
    if (!MessageDigest.isEqual(hash(t.salt(), authKey).getBytes(StandardCharsets.US_ASCII),
        t.cryptHash().getBytes(StandardCharsets.US_ASCII))) {
      throw ApiException.badRequest("Invalid auth key: Attempt to transfer " + t.id()
          + " with invalid auth key.");
    }
    String project = Access.projectOf(ctx);
    Volume v = volumes.records.find(t.volumeId()).orElseThrow(() -> notFound(id));
    var snaps = volumes.snapshots.ofVolume(v.id());
    long gb = v.size() + snaps.stream().mapToLong(s -> s.size()).sum();
    synchronized (volumes.quotas.lock) {
      volumes.quotas.check(project, v.typeId(), 1, snaps.size(), gb, v.size());
      if (!records.accept(t, project, ctx.userId(), volumes.now())) {
        throw ApiException.badRequest("Invalid transfer: transfer " + t.id() + " was accepted"
            + " or withdrawn meanwhile, or its volume changed.");
      }
    }
    return t;
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String hash(String salt, String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest((salt + key).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
