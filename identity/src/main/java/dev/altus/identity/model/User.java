package dev.altus.identity.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A user; {@code passwordHash} is bcrypt and never leaves the service layer. */
public record User(
    String id,
    String domainId,
    String name,
    boolean enabled,
    String defaultProjectId,
    String passwordHash,
    Long passwordExpiresAt,
    long createdAt,
    ObjectNode options,
    ObjectNode extra) {}
