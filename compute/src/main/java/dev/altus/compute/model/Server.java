package dev.altus.compute.model;

import java.util.List;

/**
 * A server (Nova's instance) as stored. Metadata, tags and ports are kept beside it and loaded
 * when a view needs them.
 *
 * @param seq the cloud-wide sequence number that names the guest on its host
 * @param host the compute host it runs on, null until scheduled
 * @param claimedHost the host holding its resource claim, null when none is held
 * @param previousVmState the vm_state to go back to after rescue or resize
 * @param oldFlavor during a resize, the flavor before it
 * @param newFlavor during a resize, the flavor claimed for it
 * @param lockedBy "owner" or "admin" when locked
 */
public record Server(
    String id,
    long seq,
    String name,
    String projectId,
    String userId,
    String host,
    String node,
    String claimedHost,
    String availabilityZone,
    String vmState,
    String taskState,
    int powerState,
    String previousVmState,
    Flavor flavor,
    Flavor oldFlavor,
    Flavor newFlavor,
    String imageRef,
    String keyName,
    String keyData,
    String userData,
    String accessIpv4,
    String accessIpv6,
    String description,
    boolean locked,
    String lockedBy,
    String lockedReason,
    String hostname,
    int launchIndex,
    String reservationId,
    String configDrive,
    boolean autoDiskConfig,
    List<String> securityGroups,
    RequestSpec requestSpec,
    long createdAt,
    long updatedAt,
    Long launchedAt,
    Long terminatedAt,
    Long deletedAt,
    boolean deleted,
    Fault fault) {
  public Server {
    securityGroups = List.copyOf(securityGroups);
  }

  /** The status the API shows. */
  public String status() {
    return ServerStates.status(vmState, taskState);
  }

  /** The guest's name on its host, e.g. instance-0000002a. */
  public String instanceName() {
    return String.format("instance-%08x", seq);
  }
}
