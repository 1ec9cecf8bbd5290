package dev.altus.identity.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A role; {@code domainId} is null for a global role. */
public record Role(
    String id, String name, String domainId, String description, ObjectNode options, ObjectNode extra) {
  /** The value stored for "no domain", so the unique constraint works everywhere. */
  public static final String NO_DOMAIN = "<<null>>";
}
