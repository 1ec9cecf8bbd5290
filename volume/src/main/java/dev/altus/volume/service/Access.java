package dev.altus.volume.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.policy.PolicyEngine;
import java.util.Map;

/**
 * Policy and project isolation together: a caller sees only its project's resources (admins see
 * all), and a resource another project owns is "not found", never "forbidden", so ids do not leak.
 */
public final class Access {
  private final PolicyEngine policy;

  public Access(PolicyEngine policy) {
    this.policy = policy;
  }

  public PolicyEngine policy() {
    return policy;
  }

  /** Enforces {@code action} on the caller's own project (creating, listing). */
  public void enforce(String action, RequestContext ctx) {
    policy.enforce(action, ctx, Map.of("project_id", projectOf(ctx)));
  }

  /** Enforces {@code action} on a resource owned by {@code ownerProject}. */
  public void enforceOn(String action, RequestContext ctx, String ownerProject) {
    policy.enforce(action, ctx, Map.of("project_id", ownerProject));
  }

  public boolean allowed(String action, RequestContext ctx, String ownerProject) {
    return policy.allowed(action, ctx, Map.of("project_id", ownerProject));
  }

  /** Whether the caller may see a resource of {@code ownerProject} at all. */
  public boolean visible(RequestContext ctx, String ownerProject) {
    return ctx.isAdmin() || ownerProject.equals(ctx.projectId());
  }

  public static String projectOf(RequestContext ctx) {
    if (ctx.projectId() == null) {
      throw ApiException.forbidden("The block storage API needs a project-scoped token.");
    }
    return ctx.projectId();
  }
}
