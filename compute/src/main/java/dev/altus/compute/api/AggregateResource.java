package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.Aggregate;
import dev.altus.compute.service.AggregateService;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /os-aggregates} for admins: list, create (with an availability zone), show, update,
 * delete, and the add_host / remove_host / set_metadata actions; uuid from 2.41.
 */
public final class AggregateResource {
  private static final Pattern META_KEY = Pattern.compile("^[a-zA-Z0-9-_:. ]{1,255}$");
  private static final Pattern HOST = Pattern.compile("^[a-zA-Z0-9-._]*$");

  private final AggregateService aggregates;
  private final PolicyEngine policy;

  public AggregateResource(AggregateService aggregates, PolicyEngine policy) {
    this.aggregates = aggregates;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/os-aggregates", this::list);
    r.post("/v2.1/os-aggregates", this::create);
    r.get("/v2.1/os-aggregates/{id}", this::show);
    r.put("/v2.1/os-aggregates/{id}", this::update);
    r.delete("/v2.1/os-aggregates/{id}", this::delete);
    r.post("/v2.1/os-aggregates/{id}/action", this::action);
  }

  private void enforce(ApiRequest req, String action) {
    policy.enforce("os_compute_api:os-aggregates:" + action, req.context());
  }

  private static int id(ApiRequest req) {
    String s = req.param("id");
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Invalid input received: id must be an integer");
    }
  }

  private ApiResponse list(ApiRequest req) {
    enforce(req, "index");
    Microversion v = Microversion.of(req);
    ArrayNode items = Json.array();
    for (Aggregate a : aggregates.list()) {
      items.add(render(a, v, true));
    }
    ObjectNode body = Json.object();
    body.set("aggregates", items);
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req) {
    enforce(req, "show");
    return one(aggregates.get(id(req)), Microversion.of(req), true);
  }

  private ApiResponse create(ApiRequest req) {
    enforce(req, "create");
    ObjectNode in = NovaInput.root(req, "aggregate");
    NovaInput.only(in, "aggregate", Set.of("name", "availability_zone"));
    NovaInput.required(in, "aggregate", "name");
    String name = NovaInput.name(in, "name");
    String zone = zone(in);
    return one(aggregates.create(name, zone), Microversion.of(req), false);
  }

  private ApiResponse update(ApiRequest req) {
    enforce(req, "update");
    ObjectNode in = NovaInput.root(req, "aggregate");
    NovaInput.only(in, "aggregate", Set.of("name", "availability_zone"));
    if (!in.has("name") && !in.has("availability_zone")) {
      throw NovaInput.invalid("aggregate", in, Json.text(in) + " is not valid under any of the"
          + " given schemas");
    }
    String name = null;
    if (in.has("name")) {
      name = NovaInput.string(in, "name", 1, 255, false).orElseThrow().strip();
      if (name.isEmpty() || !NovaInput.printable(name)) {
        throw NovaInput.invalid("name", in.get("name"), "'" + name + "' is not a valid name");
      }
    }
    boolean zoneGiven = in.has("availability_zone");
    String zone = zoneGiven ? zone(in) : null;
    return one(aggregates.update(id(req), name, zoneGiven, zone), Microversion.of(req), true);
  }

  private ApiResponse delete(ApiRequest req) {
    enforce(req, "delete");
    aggregates.delete(id(req));
    return ApiResponse.empty(200);
  }

  private ApiResponse action(ApiRequest req) {
    ObjectNode doc = NovaInput.body(req);
    Microversion v = Microversion.of(req);
    if (doc.has("add_host")) {
      enforce(req, "add_host");
      String host = host(req, "add_host");
      return one(aggregates.addHost(id(req), host), v, true);
    }
    if (doc.has("remove_host")) {
      enforce(req, "remove_host");
      String host = host(req, "remove_host");
      return one(aggregates.removeHost(id(req), host), v, true);
    }
    if (doc.has("set_metadata")) {
      enforce(req, "set_metadata");
      ObjectNode in = NovaInput.root(req, "set_metadata");
      NovaInput.only(in, "set_metadata", Set.of("metadata"));
      NovaInput.required(in, "set_metadata", "metadata");
      return one(aggregates.setMetadata(id(req), metadata(in.get("metadata"))), v, true);
    }
    String name = doc.fieldNames().hasNext() ? doc.fieldNames().next() : "";
    throw ApiException.badRequest("There is no such action: " + name);
  }

  private static String host(ApiRequest req, String action) {
    ObjectNode in = NovaInput.root(req, action);
    NovaInput.only(in, action, Set.of("host"));
    NovaInput.required(in, action, "host");
    String host = NovaInput.string(in, "host", 1, 255, false).orElseThrow();
    if (!HOST.matcher(host).matches()) {
      throw NovaInput.invalid("host", in.get("host"), "'" + host + "' does not match '"
          + HOST.pattern() + "'");
    }
    return host;
  }

  /** An availability zone name: printable, no ':' and no surrounding white space; or null. */
  private static String zone(ObjectNode in) {
    JsonNode node = in.get("availability_zone");
    if (node == null || node.isNull()) {
      return null;
    }
    String z = NovaInput.string(in, "availability_zone", 1, 255, false).orElseThrow();
    if (z.contains(":") || !z.equals(z.strip()) || !NovaInput.printable(z)) {
      throw NovaInput.invalid("availability_zone", node, "'" + z + "' is not a valid"
          + " availability zone name");
    }
    return z;
  }

  private static Map<String, String> metadata(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw NovaInput.invalid("metadata", node, (node == null ? "null" : Json.text(node))
          + " is not of type 'object'");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!META_KEY.matcher(e.getKey()).matches()) {
        throw NovaInput.invalid("metadata", node, "Additional properties are not allowed ('"
            + e.getKey() + "' was unexpected)");
      }
      JsonNode val = e.getValue();
      if (val.isNull()) {
        out.put(e.getKey(), null);
      } else if (val.isTextual() && val.asText().length() <= 255) {
        out.put(e.getKey(), val.asText());
      } else {
        throw NovaInput.invalid("metadata/" + e.getKey(), val, Json.text(val)
            + " is not a string of at most 255 characters or null");
      }
    }
    return out;
  }

  private ApiResponse one(Aggregate a, Microversion v, boolean full) {
    ObjectNode body = Json.object();
    body.set("aggregate", render(a, v, full));
    return ApiResponse.ok(body);
  }

  private static ObjectNode render(Aggregate a, Microversion v, boolean full) {
    ObjectNode o = Json.object();
    o.put("availability_zone", a.zone());
    o.put("created_at", IsoTimes.of(a.createdAt()));
    o.put("deleted", false);
    o.putNull("deleted_at");
    o.put("id", a.id());
    o.put("name", a.name());
    o.put("updated_at", IsoTimes.ofNullable(a.updatedAt()));
    if (v.atLeast(41)) {
      o.put("uuid", a.uuid());
    }
    if (full) {
      ArrayNode hosts = o.putArray("hosts");
      a.hosts().forEach(hosts::add);
      ObjectNode meta = o.putObject("metadata");
      a.metadata().forEach(meta::put);
    }
    return o;
  }
}
