package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import dev.altus.network.agent.ChangeFeed;
import dev.altus.network.ipam.Cidr;
import dev.altus.network.store.ResourceStore;
import java.util.List;
import java.util.Set;

/**
 * Metering (metering, metering_source_and_destination_fields): labels and the rules that say which
 * traffic of a project's routers a label counts: a direction and a remote prefix, or a source and
 * destination prefix, possibly excluded. Admin only by default, as in Neutron; the counting itself
 * belongs to a metering agent on the routers' hosts.
 */
public final class MeteringService {
  private static final Set<String> LABEL = Set.of("name", "description", "shared", "tenant_id",
      "project_id");
  private static final Set<String> RULE = Set.of("metering_label_id", "direction", "excluded",
      "remote_ip_prefix", "source_ip_prefix", "destination_ip_prefix", "tenant_id", "project_id");
  static final String LABEL_KIND = "metering_label";
  static final String RULE_KIND = "metering_label_rule";
  private final ResourceStore store;
  private final Access access;
  private final ChangeFeed feed;
  private final Locks locks;

  public MeteringService(ResourceStore store, Access access, ChangeFeed feed, Locks locks) {
    this.store = store;
    this.access = access;
    this.feed = feed;
    this.locks = locks;
  }

  private void admin(RequestContext ctx, String action) {
    if (!access.allowed(action, ctx, null)) {
      throw Errors.policy(action);
    }
  }

  public ObjectNode createLabel(RequestContext ctx, JsonNode in) {
    admin(ctx, "create_metering_label");
    Docs.allowOnly(in, LABEL_KIND, LABEL);
    String project = Docs.owner(ctx, in);
    ObjectNode d = Json.object();
    d.put("id", Docs.newId());
    d.put("name", Docs.str(in, "name", ""));
    d.put("description", Docs.str(in, "description", ""));
    d.put("shared", Docs.bool(in, "shared", false));
    d.put("tenant_id", project);
    d.put("project_id", project);
    store.insert(LABEL_KIND, d);
    feed.publish(LABEL_KIND, "created", d);
    return d;
  }

  public ObjectNode label(RequestContext ctx, String id) {
    ObjectNode d = store.get(LABEL_KIND, id).orElse(null);
    if (d == null || !access.allowed("get_metering_label", ctx, d)) {
      throw labelNotFound(id);
    }
    return d;
  }

  private static ApiException labelNotFound(String id) {
    return Errors.notFound("MeteringLabelNotFound", "Metering label " + id + " does not exist");
  }

  public List<ObjectNode> labels(RequestContext ctx) {
    return store.list(LABEL_KIND).stream()
        .filter(d -> access.allowed("get_metering_label", ctx, d)).toList();
  }

  /** Deletes the label with its rules. */
  public void deleteLabel(RequestContext ctx, String id) {
    ObjectNode d = label(ctx, id);
    admin(ctx, "delete_metering_label");
    locks.with(id, () -> {
      for (ObjectNode r : rulesOf(id)) {
        store.delete(RULE_KIND, r.get("id").asText());
        feed.publish(RULE_KIND, "deleted", r);
      }
      store.delete(LABEL_KIND, id);
      return null;
    });
    feed.publish(LABEL_KIND, "deleted", d);
  }

  private List<ObjectNode> rulesOf(String labelId) {
    return store.list(RULE_KIND).stream()
        .filter(r -> labelId.equals(r.path("metering_label_id").asText())).toList();
  }

  public ObjectNode createRule(RequestContext ctx, JsonNode in) {
    admin(ctx, "create_metering_label_rule");
    Docs.allowOnly(in, RULE_KIND, RULE);
    String labelId = Docs.nullableStr(in, "metering_label_id");
    if (labelId == null) {
      throw Errors.badRequest("Failed to parse request. Required attribute 'metering_label_id'"
          + " not specified");
    }
    String direction = Docs.nullableStr(in, "direction");
    if (direction == null) {
      throw Errors.badRequest("Failed to parse request. Required attribute 'direction' not specified");
    }
    if (!direction.equals("ingress") && !direction.equals("egress")) {
      throw Errors.invalidInput("'" + direction + "' is not in ['ingress', 'egress']");
    }
    boolean excluded = Docs.bool(in, "excluded", false);
    Cidr remote = prefix(in, "remote_ip_prefix");
    Cidr source = prefix(in, "source_ip_prefix");
    Cidr destination = prefix(in, "destination_ip_prefix");
    if (remote != null && (source != null || destination != null)) {
      throw Errors.badRequest("Cannot use 'remote-ip-prefix' in conjunction with"
          + " 'source-ip-prefix' or 'destination-ip-prefix'.");
    }
    if (remote == null && source == null && destination == null) {
      throw Errors.badRequest("You must define at least one of the following parameters"
          + " 'remote_ip_prefix', or 'source_ip_prefix' or 'destination_ip_prefix'.");
    }
    ObjectNode label = label(ctx, labelId);
    // one label's rules are added one at a time, so two overlapping ones cannot both pass
    return locks.with(labelId, () -> {
      if (store.get(LABEL_KIND, labelId).isEmpty()) {
        throw labelNotFound(labelId);
      }
      if (remote != null) {
        for (ObjectNode r : rulesOf(labelId)) {
          String other = Docs.text(r, "remote_ip_prefix");
          if (other != null && r.get("direction").asText().equals(direction)
              && r.get("excluded").asBoolean() == excluded
              && Cidr.parse(other, false).overlaps(remote)) {
            throw Errors.conflict("MeteringLabelRuleOverlaps", "Metering label rule with"
                + " remote_ip_prefix " + remote + " overlaps another.");
          }
        }
      }
      ObjectNode d = Json.object();
      d.put("id", Docs.newId());
      d.put("metering_label_id", labelId);
      d.put("direction", direction);
      d.put("excluded", excluded);
      putPrefix(d, "remote_ip_prefix", remote);
      putPrefix(d, "source_ip_prefix", source);
      putPrefix(d, "destination_ip_prefix", destination);
      d.put("tenant_id", Docs.text(label, "project_id"));
      d.put("project_id", Docs.text(label, "project_id"));
      store.insert(RULE_KIND, d);
      feed.publish(RULE_KIND, "created", d);
      return d;
    });
  }

  private static Cidr prefix(JsonNode in, String field) {
    String s = Docs.nullableStr(in, field);
    if (s == null) {
      return null;
    }
    try {
      return Cidr.parse(s, s.indexOf(':') < 0);
    } catch (IllegalArgumentException e) {
      throw Errors.invalidInput(e.getMessage().startsWith("'") ? e.getMessage()
          : "'" + s + "' is not a valid IP subnet");
    }
  }

  private static void putPrefix(ObjectNode d, String field, Cidr c) {
    if (c == null) {
      d.putNull(field);
    } else {
      d.put(field, c.toString());
    }
  }

  public ObjectNode rule(RequestContext ctx, String id) {
    ObjectNode d = store.get(RULE_KIND, id).orElse(null);
    if (d == null || !access.allowed("get_metering_label_rule", ctx, d)) {
      throw ruleNotFound(id);
    }
    return d;
  }

  private static ApiException ruleNotFound(String id) {
    return Errors.notFound("MeteringLabelRuleNotFound", "Metering label rule " + id
        + " does not exist");
  }

  public List<ObjectNode> rules(RequestContext ctx) {
    return store.list(RULE_KIND).stream()
        .filter(d -> access.allowed("get_metering_label_rule", ctx, d)).toList();
  }

  public void deleteRule(RequestContext ctx, String id) {
    ObjectNode d = rule(ctx, id);
    admin(ctx, "delete_metering_label_rule");
    if (!store.delete(RULE_KIND, id)) {
      throw ruleNotFound(id);
    }
    feed.publish(RULE_KIND, "deleted", d);
  }
}
