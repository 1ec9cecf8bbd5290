package dev.altus.image.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One definition inside a namespace: an object, a property, a tag or a resource type association
 * ({@link #kind}), its name and its JSON document as the caller gave it (validated).
 */
public record MetadefItem(String namespace, String kind, String name, ObjectNode body,
    Instant createdAt, Instant updatedAt) {
  public static final String OBJECT = "object";
  public static final String PROPERTY = "property";
  public static final String TAG = "tag";
  public static final String RESOURCE_TYPE = "resource_type";
}
