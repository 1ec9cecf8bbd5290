package dev.altus.image.model;

import java.time.Instant;

/** A metadata definition namespace: a named, owned group of objects, properties and tags. */
public record MetadefNamespace(String namespace, String displayName, String description,
    String visibility, boolean isProtected, String owner, Instant createdAt, Instant updatedAt) {}
