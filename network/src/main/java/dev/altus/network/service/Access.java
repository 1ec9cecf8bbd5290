package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.policy.PolicyEngine;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Who may see and change what, decided by the policy engine alone under Neutron's rule names
 * ({@code get_port}, {@code update_port:fixed_ips}, ...), so an operator's policy file changes
 * every answer. As in Neutron, a resource the caller may not get is reported as not found; one it
 * may get but not change is a 403 naming the rule; an attribute in a request body is checked
 * against {@code <action>:<attribute>} (and {@code <action>:<attribute>:<key>} for the keys of a
 * dict or a list of dicts) when such a rule exists; attributes a {@code get_<kind>:<attribute>}
 * rule denies are left out of what the caller sees.
 */
public final class Access {
  private final PolicyEngine policy;
  private static final Map<String, JsonNode> CREATE_DEFAULTS = Map.of(
      "shared", BooleanNode.FALSE, "router:external", BooleanNode.FALSE,
      "is_default", BooleanNode.FALSE, "distributed", BooleanNode.FALSE,
      "ha", BooleanNode.FALSE, "port_security_enabled", BooleanNode.TRUE);

  public Access(PolicyEngine policy) {
    this.policy = policy;
  }

  /** The target a rule sees: the document's attributes, its network's as {@code network:*}. */
  public static Map<String, Object> target(JsonNode doc, Supplier<JsonNode> network) {
    return new DocTarget(doc, network);
  }

  /** The target of a create: the request body, owned by {@code project}. */
  public static ObjectNode createTarget(JsonNode in, String project) {
    ObjectNode t = in.isObject() ? ((ObjectNode) in).deepCopy() : dev.altus.common.json.Json.object();
    t.put("project_id", project);
    return t;
  }

  public boolean allowed(String action, RequestContext ctx, JsonNode target) {
    return allowed(action, ctx, target, null);
  }

  public boolean allowed(String action, RequestContext ctx, JsonNode doc, Supplier<JsonNode> net) {
    return policy.allowed(action, ctx, target(doc, net));
  }

  /** Throws 403 with Neutron's message when the rule denies. */
  public void enforce(String action, RequestContext ctx, JsonNode target) {
    enforce(action, ctx, target, null);
  }

  public void enforce(String action, RequestContext ctx, JsonNode doc, Supplier<JsonNode> net) {
    if (!allowed(action, ctx, doc, net)) {
      throw Errors.policy(action);
    }
  }

  /**
   * An action on an existing resource: not found when the caller may not {@code getAction} it
   * (nothing is told about resources one cannot see), else 403 when {@code action} denies.
   */
  public void enforceOn(String getAction, String action, RequestContext ctx, JsonNode doc,
      Supplier<JsonNode> net, Supplier<ApiException> notFound) {
    Map<String, Object> t = target(doc, net);
    if (!policy.allowed(action, ctx, t)) {
      throw policy.allowed(getAction, ctx, t) ? Errors.policy(action) : notFound.get();
    }
  }

  /**
   * Checks every attribute of a create or update body that has its own rule: {@code
   * action:attr}, and for a dict or a list of dicts each key's {@code action:attr:key}. The target
   * is the resource as it would be ({@code doc}).
   */
  public void enforceAttributes(String action, RequestContext ctx, JsonNode in, JsonNode doc,
      Supplier<JsonNode> net) {
    Map<String, Object> t = target(doc, net);
    for (Iterator<String> it = in.fieldNames(); it.hasNext(); ) {
      String attr = it.next();
      String rule = action + ":" + attr;
      if (action.startsWith("create_") && in.get(attr).equals(CREATE_DEFAULTS.get(attr))) {
        continue; // as in Neutron, an attribute given its default value was not chosen
      }
      if (policy.has(rule) && !policy.allowed(rule, ctx, t)) {
        throw Errors.policy(rule);
      }
      JsonNode v = in.get(attr);
      if (v.isObject()) {
        subAttributes(rule, ctx, v, t);
      } else if (v.isArray()) {
        for (JsonNode e : v) {
          if (e.isObject()) {
            subAttributes(rule, ctx, e, t);
          }
        }
      }
    }
  }

  private void subAttributes(String prefix, RequestContext ctx, JsonNode obj, Map<String, Object> t) {
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String rule = prefix + ":" + it.next();
      if (policy.has(rule) && !policy.allowed(rule, ctx, t)) {
        throw Errors.policy(rule);
      }
    }
  }

  /** The document without the attributes in {@code guarded} whose {@code getAction:attr} denies. */
  public ObjectNode view(String getAction, RequestContext ctx, ObjectNode doc, Set<String> guarded,
      Supplier<JsonNode> net) {
    if (ctx == null) {
      return doc;
    }
    Map<String, Object> t = target(doc, net);
    ObjectNode v = null;
    for (String attr : guarded) {
      if (doc.has(attr) && !policy.allowed(getAction + ":" + attr, ctx, t)) {
        if (v == null) {
          v = doc.deepCopy();
        }
        v.remove(attr);
      }
    }
    return v == null ? doc : v;
  }

  /** True if the caller sees every attribute in {@code guarded} of any resource (an admin). */
  public boolean seesAll(String getAction, RequestContext ctx, Set<String> guarded) {
    for (String attr : guarded) {
      if (!policy.allowed(getAction + ":" + attr, ctx, Map.of())) {
        return false;
      }
    }
    return policy.allowed(getAction, ctx, Map.of());
  }

  public boolean admin(RequestContext ctx) {
    return policy.allowed("context_is_admin", ctx, Map.of());
  }

  public boolean owns(RequestContext ctx, JsonNode doc) {
    return ctx.projectId() != null && ctx.projectId().equals(Docs.text(doc, "project_id"));
  }

  public boolean canSeeNetwork(RequestContext ctx, JsonNode net) {
    return allowed("get_network", ctx, net);
  }

  /**
   * A document seen as a policy target without copying it: its scalar attributes by name, {@code
   * tenant_id} as {@code project_id}, {@code network:<attr>} from its network (fetched once, when a
   * rule asks), and a network's {@code shared} and {@code router:external} for the resources on it.
   */
  private static final class DocTarget extends AbstractMap<String, Object> {
    private final JsonNode doc;
    private final Supplier<JsonNode> networkSource;
    private JsonNode network;

    DocTarget(JsonNode doc, Supplier<JsonNode> network) {
      this.doc = doc;
      this.networkSource = network;
    }

    @Override
    public Object get(Object key) {
      String k = String.valueOf(key);
      if (k.startsWith("network:")) {
        if (doc != null && doc.has(k)) {
          return scalar(doc.get(k));
        }
        JsonNode n = network();
        return n == null ? null : attr(n, k.substring("network:".length()));
      }
      Object v = doc == null ? null : attr(doc, k);
      if (v == null && (k.equals("shared") || k.equals("router:external"))) {
        JsonNode n = network();
        return n == null ? null : attr(n, k);
      }
      return v;
    }

    private JsonNode network() {
      if (network == null && networkSource != null) {
        network = networkSource.get();
      }
      return network;
    }

    private static Object attr(JsonNode d, String k) {
      if (k.equals("tenant_id") && !d.has(k)) {
        k = "project_id";
      }
      return scalar(d.get(k));
    }

    private static Object scalar(JsonNode v) {
      if (v == null || v.isNull() || v.isContainerNode()) {
        return null;
      }
      return v.isBoolean() ? (Object) v.booleanValue() : v.asText();
    }

    @Override
    public boolean containsKey(Object key) {
      return get(key) != null;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return Set.of();
    }
  }
}
