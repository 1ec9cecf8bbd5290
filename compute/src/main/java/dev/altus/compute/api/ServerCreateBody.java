package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.error.ApiException;
import dev.altus.compute.service.ServerCreateRequest;
import dev.altus.compute.service.ServerCreateRequest.NetworkEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a POST /servers body into a create request, with Nova's checks per microversion. */
final class ServerCreateBody {
  private static final Set<String> BASE = Set.of("name", "imageRef", "flavorRef", "networks",
      "OS-DCF:diskConfig", "accessIPv4", "accessIPv6", "metadata", "availability_zone",
      "block_device_mapping", "block_device_mapping_v2", "config_drive", "key_name",
      "min_count", "max_count", "return_reservation_id", "security_groups", "user_data",
      "adminPass");

  private ServerCreateBody() {}

  static ServerCreateRequest parse(JsonNode doc, Microversion v) {
    if (doc == null || !doc.isObject() || !doc.has("server") || !doc.get("server").isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute server. 'server' is a"
          + " required property");
    }
    RequestChecks.onlyFields(doc, Set.of("server", "os:scheduler_hints",
        "OS-SCH-HNT:scheduler_hints"), "body");
    JsonNode s = doc.get("server");
    Set<String> allowed = new HashSet<>(BASE);
    if (v.atLeast(19)) {
      allowed.add("description");
    }
    if (v.atLeast(52)) {
      allowed.add("tags");
    }
    if (!v.atLeast(57)) {
      allowed.add("personality");
    }
    if (v.atLeast(63)) {
      allowed.add("trusted_image_certificates");
    }
    if (v.atLeast(74)) {
      allowed.add("host");
      allowed.add("hypervisor_hostname");
    }
    if (v.atLeast(90)) {
      allowed.add("hostname");
    }
    RequestChecks.onlyFields(s, allowed, "server");
    if (!s.has("name")) {
      throw ApiException.badRequest("Invalid input for field/attribute server. 'name' is a"
          + " required property");
    }
    String name = RequestChecks.name(s.get("name"), "name");
    if (!s.has("flavorRef")) {
      throw ApiException.badRequest("Invalid input for field/attribute server. 'flavorRef' is"
          + " a required property");
    }
    String flavorRef = flavorRef(s.get("flavorRef"));
    String imageRef = s.has("imageRef") ? RequestChecks.string(s.get("imageRef"), "imageRef", 0,
        255) : null;
    if (imageRef == null || imageRef.isEmpty()) {
      imageRef = imageFromBdm(s);
    } else {
      validateBdm(s);
    }

    String mode = "default";
    List<NetworkEntry> nets = new ArrayList<>();
    JsonNode n = s.get("networks");
    if (n == null) {
      if (v.atLeast(37)) {
        throw ApiException.badRequest("Invalid input for field/attribute server. 'networks' is"
            + " a required property");
      }
    } else if (n.isTextual() && v.atLeast(37)) {
      mode = switch (n.asText()) {
        case "auto" -> "auto";
        case "none" -> "none";
        default -> throw ApiException.badRequest("Invalid input for field/attribute networks."
            + " Value: " + n.asText() + ". It must be 'auto', 'none' or a list.");
      };
    } else if (n.isArray()) {
      mode = "list";
      for (JsonNode e : n) {
        nets.add(network(e, v));
      }
    } else {
      throw ApiException.badRequest("Invalid input for field/attribute networks. Value: " + n
          + ". " + n + " is not of type 'array'");
    }

    List<String> groups = new ArrayList<>();
    if (s.has("security_groups")) {
      JsonNode g = s.get("security_groups");
      if (!g.isArray()) {
        throw ApiException.badRequest("Invalid input for field/attribute security_groups.");
      }
      for (JsonNode e : g) {
        if (!e.isObject() || !e.has("name")) {
          throw ApiException.badRequest("Invalid input for field/attribute security_groups."
              + " Each entry is {\"name\": ...}.");
        }
        RequestChecks.onlyFields(e, Set.of("name"), "security_groups");
        groups.add(RequestChecks.string(e.get("name"), "name", 1, 255));
      }
    }
    String keyName = s.has("key_name") && !s.get("key_name").isNull()
        ? RequestChecks.string(s.get("key_name"), "key_name", 1, 255) : null;
    String userData = RequestChecks.userData(s.get("user_data"));
    Map<String, String> metadata = s.has("metadata")
        ? RequestChecks.metadata(s.get("metadata"), "metadata") : Map.of();
    String zone = s.has("availability_zone") && !s.get("availability_zone").isNull()
        ? RequestChecks.string(s.get("availability_zone"), "availability_zone", 1, 255) : null;
    if (v.atLeast(74) && (s.has("host") || s.has("hypervisor_hostname"))) {
      String host = s.has("host") ? RequestChecks.string(s.get("host"), "host", 1, 255) : "";
      zone = (zone == null ? "" : zone.split(":")[0]) + ":" + host;
    }
    int min = s.has("min_count") ? RequestChecks.integer(s.get("min_count"), "min_count", 1) : 1;
    int max = s.has("max_count") ? RequestChecks.integer(s.get("max_count"), "max_count", 1)
        : min;
    if (min > max) {
      throw ApiException.badRequest("min_count must be <= max_count");
    }
    boolean reservation = s.has("return_reservation_id")
        && RequestChecks.bool(s.get("return_reservation_id"), "return_reservation_id");
    String description = s.has("description")
        ? RequestChecks.nullableString(s.get("description"), "description", 255) : null;
    List<String> tags = s.has("tags") ? RequestChecks.tags(s.get("tags"), "tags") : List.of();
    String hostname = s.has("hostname") ? RequestChecks.hostname(s.get("hostname")) : null;
    if (hostname != null && max > 1) {
      throw ApiException.badRequest("Cannot set a hostname when creating more than one"
          + " server.");
    }
    String ip4 = s.has("accessIPv4") ? RequestChecks.ipv4(s.get("accessIPv4"), "accessIPv4")
        : null;
    String ip6 = s.has("accessIPv6") ? RequestChecks.ipv6(s.get("accessIPv6"), "accessIPv6")
        : null;
    String adminPass = s.has("adminPass") ? RequestChecks.string(s.get("adminPass"),
        "adminPass", 0, 255) : null;
    String configDrive = "";
    if (s.has("config_drive") && !s.get("config_drive").isNull()) {
      JsonNode c = s.get("config_drive");
      configDrive = (c.isBoolean() ? c.asBoolean() : !c.asText().isEmpty()
          && RequestChecks.bool(c, "config_drive")) ? "True" : "";
    }
    boolean autoDisk = s.has("OS-DCF:diskConfig")
        && RequestChecks.diskConfig(s.get("OS-DCF:diskConfig"));
    Map<String, String> personality = personality(s.get("personality"));
    JsonNode hints = doc.has("os:scheduler_hints") ? doc.get("os:scheduler_hints")
        : doc.get("OS-SCH-HNT:scheduler_hints");
    String group = null;
    List<String> same = List.of();
    List<String> different = List.of();
    if (hints != null && !hints.isNull()) {
      if (!hints.isObject()) {
        throw ApiException.badRequest("Invalid input for field/attribute scheduler_hints.");
      }
      if (hints.has("group")) {
        group = RequestChecks.string(hints.get("group"), "group", 1, 255);
        if (!RequestChecks.isUuid(group)) {
          throw ApiException.badRequest("Invalid input for field/attribute group. Value: "
              + group + ". '" + group + "' is not a 'uuid'");
        }
      }
      same = idList(hints.get("same_host"), "same_host");
      different = idList(hints.get("different_host"), "different_host");
    }
    return new ServerCreateRequest(name, imageRef, flavorRef, mode, nets, groups, keyName,
        userData, metadata, zone, min, max, reservation, description, tags, hostname, ip4, ip6,
        adminPass, configDrive, autoDisk, personality, group, same, different);
  }

  private static String flavorRef(JsonNode f) {
    if (f.isIntegralNumber()) {
      return f.asText();
    }
    String ref = RequestChecks.string(f, "flavorRef", 1, 255);
    if (ref.isBlank()) {
      throw ApiException.badRequest("Invalid input for field/attribute flavorRef.");
    }
    return ref;
  }

  private static NetworkEntry network(JsonNode e, Microversion v) {
    if (!e.isObject()) {
      throw ApiException.badRequest("Bad networks format");
    }
    Set<String> allowed = new HashSet<>(Set.of("uuid", "port", "fixed_ip"));
    if (v.atLeast(32)) {
      allowed.add("tag");
    }
    RequestChecks.onlyFields(e, allowed, "networks");
    String port = e.has("port") && !e.get("port").isNull()
        ? RequestChecks.string(e.get("port"), "port", 0, 255) : null;
    String uuid = e.has("uuid") ? RequestChecks.string(e.get("uuid"), "uuid", 0, 255) : null;
    String fixed = e.has("fixed_ip") ? RequestChecks.string(e.get("fixed_ip"), "fixed_ip", 1, 64)
        : null;
    String tag = e.has("tag") ? RequestChecks.tag(RequestChecks.string(e.get("tag"), "tag", 1,
        60)) : null;
    if (port != null) {
      if (!RequestChecks.isUuid(port)) {
        throw ApiException.badRequest("Bad port format: port uuid is not in proper format ("
            + port + ")");
      }
      return new NetworkEntry(null, port, null, tag);
    }
    if (uuid == null) {
      throw ApiException.badRequest("Bad network format: missing 'uuid'");
    }
    if (!RequestChecks.isUuid(uuid)) {
      throw ApiException.badRequest("Bad networks format: network uuid is not in proper format ("
          + uuid + ")");
    }
    if (fixed != null && !RequestChecks.validIp(fixed)) {
      throw ApiException.badRequest("Invalid fixed IP address (" + fixed + ")");
    }
    return new NetworkEntry(uuid, null, fixed, tag);
  }

  /** Boot from image through block_device_mapping_v2 (source image, destination local). */
  private static String imageFromBdm(JsonNode s) {
    JsonNode bdm = s.get("block_device_mapping_v2");
    if (bdm == null || bdm.isNull()) {
      if (s.has("block_device_mapping")) {
        throw ApiException.badRequest("Block Device Mapping is Invalid: volumes need the block"
            + " storage service, which this cloud does not have.");
      }
      return null;
    }
    String image = null;
    for (JsonNode d : checkedBdm(bdm)) {
      String boot = d.path("boot_index").asText("");
      if ("image".equals(d.path("source_type").asText()) && (boot.equals("0"))) {
        image = d.path("uuid").asText(null);
      }
    }
    return image;
  }

  private static void validateBdm(JsonNode s) {
    if (s.has("block_device_mapping_v2") && !s.get("block_device_mapping_v2").isNull()) {
      checkedBdm(s.get("block_device_mapping_v2"));
    }
    if (s.has("block_device_mapping") && !s.get("block_device_mapping").isNull()
        && s.get("block_device_mapping").size() > 0) {
      throw ApiException.badRequest("Block Device Mapping is Invalid: volumes need the block"
          + " storage service, which this cloud does not have.");
    }
  }

  /** Entries this cloud can honour: images and blank disks on local storage. */
  private static List<JsonNode> checkedBdm(JsonNode bdm) {
    if (!bdm.isArray()) {
      throw ApiException.badRequest("Invalid input for field/attribute"
          + " block_device_mapping_v2: expected a list.");
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode d : bdm) {
      if (!d.isObject()) {
        throw ApiException.badRequest("Block Device Mapping is Invalid: each entry is an"
            + " object.");
      }
      String src = d.path("source_type").asText("");
      String dest = d.path("destination_type").asText("local");
      if (!Set.of("image", "blank", "volume", "snapshot").contains(src)) {
        throw ApiException.badRequest("Block Device Mapping is Invalid: unknown source_type '"
            + src + "'.");
      }
      if (!dest.equals("local") && !dest.equals("volume")) {
        throw ApiException.badRequest("Block Device Mapping is Invalid: unknown"
            + " destination_type '" + dest + "'.");
      }
      if (dest.equals("volume") || src.equals("volume") || src.equals("snapshot")) {
        throw ApiException.badRequest("Block Device Mapping is Invalid: volumes need the block"
            + " storage service, which this cloud does not have.");
      }
      if (src.equals("image") && !RequestChecks.isUuid(d.path("uuid").asText(""))) {
        throw ApiException.badRequest("Block Device Mapping is Invalid: image source needs"
            + " the image's uuid.");
      }
      out.add(d);
    }
    return out;
  }

  /** The personality files of a create or rebuild body: path to base64 contents, in order. */
  static Map<String, String> personality(JsonNode p) {
    Map<String, String> out = new LinkedHashMap<>();
    if (p == null || p.isNull()) {
      return out;
    }
    if (!p.isArray()) {
      throw ApiException.badRequest("Invalid input for field/attribute personality.");
    }
    for (JsonNode f : p) {
      if (!f.isObject() || !f.has("path") || !f.has("contents")) {
        throw ApiException.badRequest("Invalid input for field/attribute personality: each"
            + " file has a path and contents.");
      }
      String contents = RequestChecks.string(f.get("contents"), "contents", 0, 65535);
      if (!RequestChecks.isBase64(contents)) {
        throw ApiException.badRequest("Personality content for " + f.get("path").asText()
            + " cannot be decoded");
      }
      out.put(RequestChecks.string(f.get("path"), "path", 1, 255), contents);
    }
    return out;
  }

  private static List<String> idList(JsonNode v, String field) {
    if (v == null || v.isNull()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (v.isTextual()) {
      out.add(v.asText());
    } else if (v.isArray()) {
      v.forEach(e -> out.add(e.asText()));
    } else {
      throw ApiException.badRequest("Invalid input for field/attribute " + field + ".");
    }
    for (String id : out) {
      if (!RequestChecks.isUuid(id)) {
        throw ApiException.badRequest("Invalid input for field/attribute " + field
            + ". Value: " + id + ". '" + id + "' is not a 'uuid'");
      }
    }
    return out;
  }
}
