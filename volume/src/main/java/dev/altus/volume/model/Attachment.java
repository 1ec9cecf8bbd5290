package dev.altus.volume.model;

/**
 * A volume's attachment to a server (or a host): where it shows as a device and in which mode
 * ({@code rw} or {@code ro}). {@code attachedAt} is 0 while only reserved. {@code status} is
 * {@code reserved}, {@code attaching} (a connector was given) or {@code attached}; {@code
 * connector} is the hypervisor's connector as JSON, or null.
 */
public record Attachment(
    String id,
    String volumeId,
    String serverId,
    String hostName,
    String device,
    String mode,
    String status,
    long attachedAt,
    String connector) {

  public Attachment with(String newStatus, long newAttachedAt, String newConnector) {
    return new Attachment(id, volumeId, serverId, hostName, device, mode, newStatus,
        newAttachedAt, newConnector);
  }
}
