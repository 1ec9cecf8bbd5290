package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A port's extra DHCP options (extra_dhcp_opt): {@code {opt_name, opt_value, ip_version}} that the
 * DHCP server hands to the port's owner besides its address. One option per name and IP version;
 * on update, a given option replaces the one of its name and version, an option with a null value
 * removes it, and options not mentioned stay.
 */
final class ExtraDhcpOptions {
  private static final Set<String> KEYS = Set.of("opt_name", "opt_value", "ip_version");
  private static final String FIELD = "extra_dhcp_opts";

  private ExtraDhcpOptions() {}

  /** The options of a new port (options with a null value are left out). */
  static ArrayNode create(JsonNode in) {
    return merge(Json.array(), in);
  }

  /** {@code current} with the request's options applied. */
  static ArrayNode update(JsonNode current, JsonNode in) {
    return merge(current == null ? Json.array() : current, in);
  }

  private static ArrayNode merge(JsonNode current, JsonNode in) {
    Map<String, ObjectNode> opts = new LinkedHashMap<>();
    for (JsonNode o : current) {
      opts.put(key(o.get("opt_name").asText(), o.get("ip_version").asInt()), (ObjectNode) o);
    }
    JsonNode given = in.get(FIELD);
    if (given != null && !given.isNull()) {
      if (!given.isArray()) {
        throw Errors.invalidInput("'" + given + "' is not a list");
      }
      for (JsonNode o : given) {
        ObjectNode opt = valid(o);
        String k = key(opt.get("opt_name").asText(), opt.get("ip_version").asInt());
        if (opt.get("opt_value").isNull()) {
          opts.remove(k);
        } else {
          opts.put(k, opt);
        }
      }
    }
    ArrayNode out = Json.array();
    opts.values().forEach(out::add);
    return out;
  }

  private static String key(String name, int version) {
    return version + "/" + name;
  }

  private static ObjectNode valid(JsonNode o) {
    if (!o.isObject()) {
      throw Errors.invalidInput("Invalid data format for extra-dhcp-opt: " + o);
    }
    o.fieldNames().forEachRemaining(f -> {
      if (!KEYS.contains(f)) {
        throw Errors.invalidInput("Validation of dictionary's keys failed. Expected keys: "
            + "{'opt_name', 'opt_value'} Provided keys: " + f);
      }
    });
    String name = Docs.nullableStr(o, "opt_name");
    if (name == null || name.isBlank()) {
      throw Errors.invalidInput("'" + (name == null ? "None" : name)
          + "' is not a valid opt_name for extra-dhcp-opt");
    }
    if (!o.has("opt_value")) {
      throw Errors.invalidInput("Validation of dictionary's keys failed. Expected keys:"
          + " {'opt_name', 'opt_value'} Provided keys: {'opt_name'}");
    }
    String value = Docs.nullableStr(o, "opt_value");
    if (value != null && (value.isEmpty() || value.indexOf('\n') >= 0)) {
      throw Errors.invalidInput("'" + value + "' is not a valid opt_value for extra-dhcp-opt");
    }
    Integer version = Docs.integer(o, "ip_version");
    if (version == null) {
      version = 4;
    }
    if (version != 4 && version != 6) {
      throw Errors.invalidInput("'" + version + "' is not in [4, 6]");
    }
    ObjectNode opt = Json.object();
    opt.put("opt_name", name);
    if (value == null) {
      opt.putNull("opt_value");
    } else {
      opt.put("opt_value", value);
    }
    opt.put("ip_version", version);
    return opt;
  }
}
