package dev.altus.compute.scheduler;

/** The host a server was placed on (its resources are claimed there). */
public record Selection(String host, String node, String zone) {}
