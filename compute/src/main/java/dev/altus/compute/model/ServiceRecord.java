package dev.altus.compute.model;

/**
 * A compute service (nova-compute, nova-scheduler, nova-conductor) on a host, as its heartbeats
 * and the operator's switches left it.
 *
 * @param zone the zone the service's host reports when no aggregate puts it in another
 * @param lastSeenUp the time of its last heartbeat (epoch ms), or null when it never reported
 * @param seq the integer id shown before microversion 2.53
 */
public record ServiceRecord(String id, int seq, String binary, String host, String topic,
    String zone, boolean disabled, String disabledReason, boolean forcedDown, Long lastSeenUp,
    long reportCount, long createdAt, long updatedAt) {}
