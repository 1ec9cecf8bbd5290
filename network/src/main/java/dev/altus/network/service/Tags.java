package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.json.Json;
import dev.altus.network.agent.ChangeFeed;
import dev.altus.network.store.ResourceStore;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Tags on networks, subnets, ports, routers, security groups, floating IPs and subnet pools
 * (standard-attr-tag):
 * the whole set replaced, or one tag added or removed. Who may see the resource may read its tags;
 * who may change it may change them.
 */
public final class Tags {
  private static final int MAX_TAG = 255;
  private final ResourceStore store;
  private final Access access;
  private final ChangeFeed feed;
  private final Clock clock;
  private final Locks locks;
  private final Map<String, String> kinds;
  private final Map<String, BiFunction<RequestContext, String, ObjectNode>> getters;

  public Tags(ResourceStore store, Access access, ChangeFeed feed, Clock clock, Locks locks,
      Map<String, BiFunction<RequestContext, String, ObjectNode>> getters) {
    this.store = store;
    this.access = access;
    this.feed = feed;
    this.clock = clock;
    this.locks = locks;
    this.kinds = Map.of("networks", "network", "subnets", "subnet", "ports", "port",
        "routers", "router", "security-groups", "security_group", "floatingips", "floatingip",
        "subnetpools", "subnetpool");
    this.getters = getters;
  }

  private String kind(String collection) {
    String k = kinds.get(collection);
    if (k == null) {
      throw Errors.notFound("HTTPNotFound", "The resource could not be found.");
    }
    return k;
  }

  /** The resource as the caller may see it (404 in the resource's own terms otherwise). */
  private ObjectNode visible(RequestContext ctx, String collection, String id) {
    return getters.get(kind(collection)).apply(ctx, id);
  }

  private ObjectNode changeable(RequestContext ctx, String collection, String id) {
    ObjectNode d = visible(ctx, collection, id);
    access.enforce("update_" + kind(collection) + ":tags", ctx, d);
    return d;
  }

  public ArrayNode list(RequestContext ctx, String collection, String id) {
    return (ArrayNode) visible(ctx, collection, id).get("tags");
  }

  public boolean has(RequestContext ctx, String collection, String id, String tag) {
    for (JsonNode t : list(ctx, collection, id)) {
      if (t.asText().equals(tag)) {
        return true;
      }
    }
    return false;
  }

  private static String valid(String tag) {
    if (tag == null || tag.isEmpty() || tag.length() > MAX_TAG || tag.contains(",")) {
      throw Errors.badRequest("Invalid input for operation: '" + tag + "' is not a valid tag.");
    }
    return tag;
  }

  public ArrayNode replace(RequestContext ctx, String collection, String id, JsonNode body) {
    JsonNode tags = body == null ? null : body.get("tags");
    if (tags == null || !tags.isArray()) {
      throw Errors.badRequest("Invalid input for operation: 'tags' must be a list of strings.");
    }
    Set<String> next = new LinkedHashSet<>();
    for (JsonNode t : tags) {
      if (!t.isTextual()) {
        throw Errors.badRequest("Invalid input for operation: '" + t + "' is not a valid tag.");
      }
      next.add(valid(t.asText()));
    }
    return change(ctx, collection, id, current -> next);
  }

  public void add(RequestContext ctx, String collection, String id, String tag) {
    valid(tag);
    change(ctx, collection, id, current -> {
      current.add(tag);
      return current;
    });
  }

  public void remove(RequestContext ctx, String collection, String id, String tag) {
    change(ctx, collection, id, current -> {
      if (!current.remove(tag)) {
        throw Errors.notFound("TagNotFound", "Tag " + tag + " could not be found.");
      }
      return current;
    });
  }

  public void clear(RequestContext ctx, String collection, String id) {
    change(ctx, collection, id, current -> new LinkedHashSet<>());
  }

  private ArrayNode change(RequestContext ctx, String collection, String id,
      java.util.function.UnaryOperator<Set<String>> how) {
    changeable(ctx, collection, id);
    String kind = kind(collection);
    return locks.with(id, () -> {
      ObjectNode d = store.get(kind, id).orElseThrow(
          () -> Errors.notFound("HTTPNotFound", "The resource could not be found."));
      Set<String> current = new LinkedHashSet<>();
      d.get("tags").forEach(t -> current.add(t.asText()));
      Set<String> next = how.apply(current);
      ArrayNode arr = Json.array();
      List.copyOf(next).stream().sorted().forEach(arr::add);
      d.set("tags", arr);
      Docs.touch(d, clock);
      store.update(kind, d);
      feed.publish(kind, "updated", d);
      return arr;
    });
  }
}
