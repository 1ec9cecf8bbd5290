package dev.altus.volume.model;

/**
 * A volume's attachment to a server (or a host): where it shows as a device and in which mode
 * ({@code rw} or {@code ro}). {@code attachedAt} is 0 while only reserved.
 */
public record Attachment(
    String id,
    String volumeId,
    String serverId,
    String hostName,
    String device,
    String mode,
    String status,
    long attachedAt) {}
