package dev.altus.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.image.model.MetadefItem;
import dev.altus.image.model.MetadefNamespace;
import dev.altus.image.store.MetadefRecords;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Metadata definitions: namespaces (public, or private to their owner) holding objects, properties,
 * tags and resource type associations. Who may write is the policy's business (admin by default);
 * this class keeps names unique, validates documents and hides private namespaces of others.
 */
public final class MetadefService {
  private static final Set<String> PROPERTY_TYPES = Set.of("array", "boolean", "integer",
      "number", "object", "string");
  private final MetadefRecords records;
  private final Clock clock;

  /** The resource types of OpenStack services that metadata definitions commonly target. */
  public static final List<String> RESOURCE_TYPES = List.of("OS::Glance::Image",
      "OS::Cinder::Volume", "OS::Nova::Flavor", "OS::Nova::Aggregate", "OS::Nova::Server",
      "OS::Trove::Instance");

  public MetadefService(MetadefRecords records, Clock clock) {
    this.records = records;
    this.clock = clock;
    records.ensureResourceTypes(RESOURCE_TYPES, clock.instant());
  }

  // ---- namespaces

  public MetadefNamespace create(RequestContext ctx, JsonNode body) {
    requireObject(body);
    String name = text(body, "namespace", 80, true);
    Instant now = clock.instant();
    String owner = body.has("owner") && ctx.isAdmin() ? text(body, "owner", 255, false)
        : ctx.projectId();
    MetadefNamespace ns = new MetadefNamespace(name, text(body, "display_name", 80, false),
        text(body, "description", 500, false), visibility(body, "private"),
        bool(body, "protected", false), owner, now, now);
    if (records.find(name).isPresent()) {
      throw ApiException.conflict("A metadata definition namespace with name=" + name
          + " already exists.");
    }
    List<MetadefItem> items = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode a : array(body, "resource_type_associations")) {
      items.add(unique(seen, association(name, a, now)));
    }
    for (JsonNode o : array(body, "objects")) {
      items.add(unique(seen, object(name, o, now)));
    }
    for (JsonNode t : array(body, "tags")) {
      items.add(unique(seen, tag(name, text(t, "name", 80, true), now)));
    }
    JsonNode props = body.get("properties");
    if (props != null && !props.isNull()) {
      if (!props.isObject()) {
        throw ApiException.badRequest("'properties' must be an object of property definitions.");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        ObjectNode p = requireObject(e.getValue()).deepCopy();
        p.put("name", e.getKey());
        items.add(unique(seen, property(name, p, now)));
      }
    }
    try {
      records.insert(ns, items);
    } catch (RuntimeException e) {
      if (records.find(name).isPresent()) {
        throw ApiException.conflict("A metadata definition namespace with name=" + name
            + " already exists.");
      }
      throw e;
    }
    return ns;
  }

  private static MetadefItem unique(Set<String> seen, MetadefItem i) {
    if (!seen.add(i.kind() + "/" + i.name())) {
      throw ApiException.conflict("Duplicate " + i.kind() + " '" + i.name() + "' in the request.");
    }
    return i;
  }

  public List<MetadefNamespace> list(RequestContext ctx, String visibility, String resourceType) {
    List<MetadefNamespace> out = new ArrayList<>();
    for (MetadefNamespace n : records.all()) {
      if (!canSee(ctx, n) || (visibility != null && !visibility.equals(n.visibility()))) {
        continue;
      }
      if (resourceType != null && records.item(n.namespace(), MetadefItem.RESOURCE_TYPE,
          resourceType).isEmpty()) {
        continue;
      }
      out.add(n);
    }
    return out;
  }

  public MetadefNamespace show(RequestContext ctx, String name) {
    MetadefNamespace n = records.find(name).orElseThrow(() -> notFound(name));
    if (!canSee(ctx, n)) {
      throw notFound(name);
    }
    return n;
  }

  public MetadefNamespace update(RequestContext ctx, String name, JsonNode body) {
    MetadefNamespace cur = writable(ctx, name);
    requireObject(body);
    String newName = body.has("namespace") ? text(body, "namespace", 80, true) : cur.namespace();
    if (!newName.equals(name) && records.find(newName).isPresent()) {
      throw ApiException.conflict("A metadata definition namespace with name=" + newName
          + " already exists.");
    }
    MetadefNamespace next = new MetadefNamespace(newName,
        body.has("display_name") ? text(body, "display_name", 80, false) : cur.displayName(),
        body.has("description") ? text(body, "description", 500, false) : cur.description(),
        visibility(body, cur.visibility()), bool(body, "protected", cur.isProtected()),
        body.has("owner") && ctx.isAdmin() ? text(body, "owner", 255, false) : cur.owner(),
        cur.createdAt(), clock.instant());
    if (!records.update(name, next)) {
      throw notFound(name);
    }
    return next;
  }

  public void delete(RequestContext ctx, String name) {
    MetadefNamespace n = writable(ctx, name);
    if (n.isProtected()) {
      throw ApiException.forbidden("Metadata definition namespace " + name + " is protected and"
          + " cannot be deleted.");
    }
    if (!records.delete(name)) {
      throw notFound(name);
    }
  }

  // ---- items (objects, properties, tags, resource type associations)

  public List<MetadefItem> items(RequestContext ctx, String ns, String kind) {
    show(ctx, ns);
    return records.items(ns, kind);
  }

  public MetadefItem item(RequestContext ctx, String ns, String kind, String name) {
    show(ctx, ns);
    return records.item(ns, kind, name).orElseThrow(() -> itemNotFound(kind, name, ns));
  }

  /** Creates an item from its document ({@code name} taken from the path for tags). */
  public MetadefItem addItem(RequestContext ctx, String ns, String kind, JsonNode body) {
    writable(ctx, ns);
    MetadefItem i = build(ns, kind, body, clock.instant());
    if (records.item(ns, kind, i.name()).isPresent()) {
      throw ApiException.conflict("A metadata definition " + kind + " with name=" + i.name()
          + " already exists in namespace=" + ns + ".");
    }
    records.insertItem(i);
    return i;
  }

  public MetadefItem updateItem(RequestContext ctx, String ns, String kind, String name,
      JsonNode body) {
    writable(ctx, ns);
    MetadefItem cur = records.item(ns, kind, name).orElseThrow(() -> itemNotFound(kind, name, ns));
    MetadefItem next = build(ns, kind, body, cur.createdAt());
    next = new MetadefItem(ns, kind, next.name(), next.body(), cur.createdAt(), clock.instant());
    if (!next.name().equals(name) && records.item(ns, kind, next.name()).isPresent()) {
      throw ApiException.conflict("A metadata definition " + kind + " with name=" + next.name()
          + " already exists in namespace=" + ns + ".");
    }
    if (!records.replaceItem(name, next)) {
      throw itemNotFound(kind, name, ns);
    }
    return next;
  }

  public void deleteItem(RequestContext ctx, String ns, String kind, String name) {
    writable(ctx, ns);
    if (!records.deleteItem(ns, kind, name)) {
      throw itemNotFound(kind, name, ns);
    }
  }

  /** Replaces (or with {@code append} adds to) the namespace's tags. */
  public List<MetadefItem> setTags(RequestContext ctx, String ns, JsonNode body, boolean append) {
    writable(ctx, ns);
    requireObject(body);
    Instant now = clock.instant();
    List<MetadefItem> tags = new ArrayList<>(append ? records.items(ns, MetadefItem.TAG) : List.of());
    Set<String> seen = new HashSet<>();
    tags.forEach(t -> seen.add(t.kind() + "/" + t.name()));
    List<MetadefItem> added = new ArrayList<>();
    for (JsonNode t : array(body, "tags")) {
      MetadefItem i = unique(seen, tag(ns, text(t, "name", 80, true), now));
      tags.add(i);
      added.add(i);
    }
    records.replaceAll(ns, MetadefItem.TAG, tags);
    return added;
  }

  public void deleteAll(RequestContext ctx, String ns, String kind) {
    writable(ctx, ns);
    records.replaceAll(ns, kind, List.of());
  }

  public List<Map.Entry<String, Instant>> resourceTypes() {
    return records.resourceTypes();
  }

  private MetadefItem build(String ns, String kind, JsonNode body, Instant now) {
    return switch (kind) {
      case MetadefItem.OBJECT -> object(ns, body, now);
      case MetadefItem.PROPERTY -> property(ns, body, now);
      case MetadefItem.TAG -> tag(ns, text(requireObject(body), "name", 80, true), now);
      case MetadefItem.RESOURCE_TYPE -> association(ns, body, now);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static MetadefItem object(String ns, JsonNode body, Instant now) {
    requireObject(body);
    ObjectNode doc = ((ObjectNode) body).deepCopy();
    String name = text(body, "name", 80, true);
    text(body, "description", 500, false);
    JsonNode req = body.get("required");
    if (req != null && !req.isNull() && (!req.isArray() || !allText(req))) {
      throw ApiException.badRequest("'required' must be an array of property names.");
    }
    JsonNode props = body.get("properties");
    if (props != null && !props.isNull() && !props.isObject()) {
      throw ApiException.badRequest("'properties' must be an object of property definitions.");
    }
    return new MetadefItem(ns, MetadefItem.OBJECT, name, doc, now, now);
  }

  private static MetadefItem property(String ns, JsonNode body, Instant now) {
    requireObject(body);
    String name = text(body, "name", 255, true);
    text(body, "title", 255, true);
    String type = text(body, "type", 20, true);
    if (!PROPERTY_TYPES.contains(type)) {
      throw ApiException.badRequest("Invalid type '" + type + "': one of " + PROPERTY_TYPES
          + " is required.");
    }
    JsonNode en = body.get("enum");
    if (en != null && !en.isNull() && !en.isArray()) {
      throw ApiException.badRequest("'enum' must be an array.");
    }
    return new MetadefItem(ns, MetadefItem.PROPERTY, name, ((ObjectNode) body).deepCopy(), now, now);
  }

  private static MetadefItem tag(String ns, String name, Instant now) {
    ObjectNode doc = dev.altus.common.json.Json.object();
    doc.put("name", name);
    return new MetadefItem(ns, MetadefItem.TAG, name, doc, now, now);
  }

  private MetadefItem association(String ns, JsonNode body, Instant now) {
    requireObject(body);
    String name = text(body, "name", 80, true);
    if (records.resourceTypes().stream().noneMatch(e -> e.getKey().equals(name))) {
      throw ApiException.notFound("Resource type " + name + " not found.");
    }
    ObjectNode doc = dev.altus.common.json.Json.object();
    doc.put("name", name);
    String prefix = text(body, "prefix", 80, false);
    String target = text(body, "properties_target", 80, false);
    if (prefix != null) {
      doc.put("prefix", prefix);
    }
    if (target != null) {
      doc.put("properties_target", target);
    }
    return new MetadefItem(ns, MetadefItem.RESOURCE_TYPE, name, doc, now, now);
  }

  private static boolean canSee(RequestContext ctx, MetadefNamespace n) {
    return ctx.isAdmin() || "public".equals(n.visibility())
        || (ctx.projectId() != null && ctx.projectId().equals(n.owner()));
  }

  private MetadefNamespace writable(RequestContext ctx, String name) {
    MetadefNamespace n = show(ctx, name);
    if (!ctx.isAdmin() && !(ctx.projectId() != null && ctx.projectId().equals(n.owner()))) {
      throw ApiException.forbidden("You are not permitted to modify namespace " + name + ".");
    }
    return n;
  }

  private static ApiException notFound(String name) {
    return ApiException.notFound("Metadata definition namespace=" + name + " was not found.");
  }

  private static ApiException itemNotFound(String kind, String name, String ns) {
    return ApiException.notFound("Metadata definition " + kind + " not found for namespace=" + ns
        + " and name=" + name + ".");
  }

  private static JsonNode requireObject(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("The request body must be a JSON object.");
    }
    return body;
  }

  private static boolean allText(JsonNode arr) {
    for (JsonNode n : arr) {
      if (!n.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static List<JsonNode> array(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw ApiException.badRequest("'" + field + "' must be an array.");
    }
    List<JsonNode> out = new ArrayList<>();
    v.forEach(n -> out.add(requireObject(n)));
    return out;
  }

  private static String visibility(JsonNode body, String dflt) {
    String v = body.has("visibility") ? text(body, "visibility", 32, true) : dflt;
    if (!v.equals("public") && !v.equals("private")) {
      throw ApiException.badRequest("Invalid visibility '" + v + "': public or private.");
    }
    return v;
  }

  private static boolean bool(JsonNode body, String field, boolean dflt) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw ApiException.badRequest("'" + field + "' must be a boolean.");
    }
    return v.asBoolean();
  }

  private static String text(JsonNode body, String field, int max, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw ApiException.badRequest("'" + field + "' is a required property.");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("'" + field + "' must be a string.");
    }
    String s = v.asText();
    if (s.length() > max || (required && s.isEmpty())) {
      throw ApiException.badRequest("'" + field + "' must be 1 to " + max + " characters long.");
    }
    return s;
  }
}
