package dev.altus.identity.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A credential kept for a user: {@code blob} is an opaque string (for {@code ec2} credentials a JSON
 * object with {@code access} and {@code secret}); {@code projectId} may be null except for ec2.
 */
public record Credential(String id, String userId, String projectId, String type, String blob,
    ObjectNode extra) {
  public static final String EC2 = "ec2";

  public boolean isEc2() {
    return EC2.equalsIgnoreCase(type);
  }
}
