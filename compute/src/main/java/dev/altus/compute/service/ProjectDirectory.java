package dev.altus.compute.service;

/**
 * Whether a project exists, as the identity service says; compute checks project ids an admin
 * names (flavor access, quotas) as Nova asks Keystone. When identity cannot tell, the id passes.
 */
public interface ProjectDirectory {
  /** A directory that cannot tell: every id passes. */
  ProjectDirectory UNCHECKED = id -> true;

  /** False only when the identity service knows there is no such project. */
  boolean exists(String projectId);
}
