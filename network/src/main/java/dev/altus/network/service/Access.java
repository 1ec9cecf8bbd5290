package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.policy.PolicyEngine;
import java.util.HashMap;
import java.util.Map;

/**
 * Who may see and change what, through the policy engine's rules (Neutron's defaults: admin or the
 * owning project; shared and external networks are visible to all). A resource the caller may
 * not see is reported as not found.
 */
public final class Access {
  private final PolicyEngine policy;

  public Access(PolicyEngine policy) {
    this.policy = policy;
  }

  public boolean allowed(String action, RequestContext ctx, JsonNode target) {
    Map<String, Object> t = new HashMap<>();
    if (target != null) {
      t.put("project_id", Docs.text(target, "project_id"));
      t.put("tenant_id", Docs.text(target, "project_id"));
      t.put("network:project_id", Docs.text(target, "network:project_id"));
    }
    return policy.allowed(action, ctx, t);
  }

  /** Throws 403 with Neutron's message when the rule denies. */
  public void enforce(String action, RequestContext ctx, JsonNode target) {
    if (!allowed(action, ctx, target)) {
      throw Errors.policy(action);
    }
  }

  public boolean admin(RequestContext ctx) {
    return policy.allowed("context_is_admin", ctx, Map.of());
  }

  public boolean owns(RequestContext ctx, JsonNode doc) {
    return ctx.projectId() != null && ctx.projectId().equals(Docs.text(doc, "project_id"));
  }

  public boolean canSeeNetwork(RequestContext ctx, JsonNode net) {
    return admin(ctx) || owns(ctx, net) || net.path("shared").asBoolean()
        || net.path("router:external").asBoolean();
  }
}
