package dev.altus.compute.service;

import java.util.List;
import java.util.Map;

/**
 * A create request as the API parsed it (syntax checked, nothing looked up yet).
 *
 * @param imageRef the image id (or null when booting from a block device mapping without one)
 * @param flavorRef the flavor id
 * @param networksMode "auto", "none", "list" (the entries in {@code networks}), or "default"
 *     (not given, before 2.37: like auto, but no network at all is fine)
 * @param securityGroups security group names or ids
 * @param zone the availability_zone field as given ("zone", "zone:host", ":host"), or null
 * @param personality files to inject (before 2.57), path to base64 contents
 * @param hints scheduler hints: group, same_host, different_host
 * @param autoDiskConfig OS-DCF:diskConfig AUTO
 */
public record ServerCreateRequest(
    String name,
    String imageRef,
    String flavorRef,
    String networksMode,
    List<NetworkEntry> networks,
    List<String> securityGroups,
    String keyName,
    String userData,
    Map<String, String> metadata,
    String zone,
    int minCount,
    int maxCount,
    boolean returnReservationId,
    String description,
    List<String> tags,
    String hostname,
    String accessIpv4,
    String accessIpv6,
    String adminPass,
    String configDrive,
    boolean autoDiskConfig,
    Map<String, String> personality,
    String groupHint,
    List<String> sameHost,
    List<String> differentHost) {

  /** One entry of "networks": a network uuid, a port, a fixed address, a tag. */
  public record NetworkEntry(String uuid, String port, String fixedIp, String tag) {}
}
