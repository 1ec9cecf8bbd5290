package dev.altus.identity.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A project, or a domain when {@code isDomain} is true (a domain's {@code domainId} is {@link
 * #ROOT}).
 */
public record Project(
    String id,
    String name,
    String domainId,
    String parentId,
    boolean isDomain,
    boolean enabled,
    String description,
    ObjectNode extra,
    List<String> tags) {
  /** The pseudo-domain that owns every domain. */
  public static final String ROOT = "<<keystone.domain.root>>";
  /** The id of the Default domain. */
  public static final String DEFAULT_DOMAIN = "default";

  public Project withTags(List<String> t) {
    return new Project(id, name, domainId, parentId, isDomain, enabled, description, extra, t);
  }
}
