package dev.altus.image.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.image.ImageConfig;
import dev.altus.image.model.Image;
import dev.altus.image.model.ImageStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An image being created or changed: applies Glance's rules for each attribute a caller may set
 * (types, allowed values, read-only and reserved names, who may publicize or change the owner).
 * Nothing is saved until the whole request has been applied.
 */
final class ImageDraft {
  /** Attributes only the service sets. */
  static final Set<String> READ_ONLY = Set.of("status", "size", "virtual_size", "checksum",
      "os_hash_algo", "os_hash_value", "created_at", "updated_at", "self", "file", "schema",
      "direct_url", "locations", "stores", "os_glance_import_task");
  /** Core attributes: never extra properties, and not removable. */
  static final Set<String> CORE = Set.of("id", "name", "visibility", "owner", "disk_format",
      "container_format", "min_disk", "min_ram", "protected", "os_hidden", "tags");
  static final Set<String> VISIBILITIES = Set.of("public", "private", "shared", "community");
  private static final Pattern UUID_RE = Pattern.compile(
      "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$");
  private static final int MAX_PROPERTIES = 128;
  private static final int MAX_TAGS = 128;

  private final ImageConfig config;
  private final RequestContext ctx;
  private final boolean creating;
  String id;
  String name;
  ImageStatus status;
  String visibility;
  String owner;
  String diskFormat;
  String containerFormat;
  int minDisk;
  int minRam;
  boolean isProtected;
  boolean osHidden;
  final Map<String, String> properties = new LinkedHashMap<>();
  final LinkedHashSet<String> tags = new LinkedHashSet<>();
  private final Image base;

  private final java.util.function.Predicate<String> allowed;

  /** @param allowed whether the policy allows an attribute rule such as publicize_image */
  ImageDraft(ImageConfig config, RequestContext ctx, Image base,
      java.util.function.Predicate<String> allowed) {
    this.allowed = allowed;
    this.config = config;
    this.ctx = ctx;
    this.base = base;
    this.creating = base == null;
    if (base != null) {
      id = base.id();
      name = base.name();
      status = base.status();
      visibility = base.visibility();
      owner = base.owner();
      diskFormat = base.diskFormat();
      containerFormat = base.containerFormat();
      minDisk = base.minDisk();
      minRam = base.minRam();
      isProtected = base.isProtected();
      osHidden = base.osHidden();
      properties.putAll(base.properties());
      tags.addAll(base.tags());
    } else {
      status = ImageStatus.QUEUED;
      visibility = "shared";
      owner = ctx.projectId();
    }
  }

  /** Refuses names the caller may never set: read-only and reserved ones. */
  static void checkSettable(String attr) {
    if (READ_ONLY.contains(attr)) {
      throw ApiException.forbidden("Attribute '" + attr + "' is read-only.");
    }
    if (attr.startsWith("os_glance") || attr.equals("deleted") || attr.equals("deleted_at")) {
      throw ApiException.forbidden("Attribute '" + attr + "' is reserved.");
    }
  }

  boolean has(String attr) {
    return CORE.contains(attr) || properties.containsKey(attr);
  }

  /** Sets one attribute from a JSON value. */
  void set(String attr, JsonNode v) {
    checkSettable(attr);
    switch (attr) {
      case "id" -> {
        if (!creating) {
          throw ApiException.forbidden("Attribute 'id' is read-only.");
        }
        id = uuid("id", v, false);
      }
      case "name" -> name = string("name", v, 255, true);
      case "visibility" -> {
        String s = string("visibility", v, 20, false);
        if (!VISIBILITIES.contains(s)) {
          throw ApiException.badRequest("Invalid visibility value: " + s
              + ". Valid values are public, private, shared and community.");
        }
        if (s.equals("public") && !s.equals(base == null ? null : base.visibility())
            && !allowed.test("publicize_image")) {
          throw ApiException.forbidden("You are not authorized to publicize images"
              + " (policy publicize_image).");
        }
        if (s.equals("community") && !s.equals(base == null ? null : base.visibility())
            && !allowed.test("communitize_image")) {
          throw ApiException.forbidden("You are not authorized to communitize images"
              + " (policy communitize_image).");
        }
        visibility = s;
      }
      case "owner" -> {
        String s = string("owner", v, 255, true);
        if (!ctx.isAdmin() && !java.util.Objects.equals(s, owner)) {
          throw ApiException.forbidden("Attribute 'owner' can only be changed by an administrator.");
        }
        owner = s;
      }
      case "disk_format" -> {
        queuedOnly(attr);
        diskFormat = format("disk_format", v, config.diskFormats());
      }
      case "container_format" -> {
        queuedOnly(attr);
        containerFormat = format("container_format", v, config.containerFormats());
      }
      case "min_disk" -> minDisk = nonNegative("min_disk", v);
      case "min_ram" -> minRam = nonNegative("min_ram", v);
      case "protected" -> isProtected = bool("protected", v);
      case "os_hidden" -> osHidden = bool("os_hidden", v);
      case "tags" -> {
        if (!v.isArray()) {
          throw ApiException.badRequest("Invalid value for 'tags': an array of strings is required.");
        }
        tags.clear();
        for (JsonNode t : v) {
          addTag(string("tags", t, 255, false));
        }
      }
      case "kernel_id", "ramdisk_id" -> {
        String s = uuid(attr, v, true);
        if (s == null) {
          properties.remove(attr);
        } else {
          putProperty(attr, s);
        }
      }
      default -> {
        if (attr.isEmpty() || attr.length() > 255) {
          throw ApiException.badRequest("Property names must be 1 to 255 characters long.");
        }
        putProperty(attr, string(attr, v, 65535, false));
      }
    }
  }

  void addTag(String tag) {
    if (tag.length() > 255) {
      throw ApiException.badRequest("Invalid tag: tags are at most 255 characters long.");
    }
    tags.add(tag);
    if (tags.size() > MAX_TAGS) {
      throw ApiException.tooLarge("Maximum number of tags exceeded: an image has at most "
          + MAX_TAGS + " tags.");
    }
  }

  /** Removes an attribute (patch 'remove'): only extra properties can go. */
  void remove(String attr) {
    checkSettable(attr);
    if (CORE.contains(attr) || attr.equals("id")) {
      throw ApiException.forbidden("Attribute '" + attr + "' is a base attribute and cannot be removed.");
    }
    if (properties.remove(attr) == null) {
      throw ApiException.conflict("Property " + attr + " does not exist.");
    }
  }

  private void putProperty(String attr, String value) {
    properties.put(attr, value);
    if (properties.size() > MAX_PROPERTIES) {
      throw ApiException.tooLarge("Maximum number of properties exceeded: an image has at most "
          + MAX_PROPERTIES + " extra properties.");
    }
  }

  private void queuedOnly(String attr) {
    if (!creating && status != ImageStatus.QUEUED) {
      throw ApiException.forbidden("Attribute " + attr + " can be only replaced for a queued image.");
    }
  }

  Image build(Instant now) {
    Image b = base;
    return new Image(id, name, status, visibility, owner, diskFormat, containerFormat,
        b == null ? null : b.size(), b == null ? null : b.virtualSize(),
        b == null ? null : b.checksum(), b == null ? null : b.osHashAlgo(),
        b == null ? null : b.osHashValue(), minDisk, minRam, isProtected, osHidden,
        Map.copyOf(new LinkedHashMap<>(properties)), List.copyOf(new ArrayList<>(tags)),
        b == null ? now : b.createdAt(), now);
  }

  private static String string(String attr, JsonNode v, int max, boolean nullable) {
    if (v == null || v.isNull()) {
      if (nullable) {
        return null;
      }
      throw ApiException.badRequest("Invalid value for '" + attr + "': None is not of type 'string'.");
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest("Invalid value for '" + attr + "': " + v + " is not of type 'string'.");
    }
    if (v.asText().length() > max) {
      throw ApiException.badRequest("Invalid value for '" + attr + "': it is longer than " + max
          + " characters.");
    }
    return v.asText();
  }

  private static String uuid(String attr, JsonNode v, boolean nullable) {
    String s = string(attr, v, 36, nullable);
    if (s != null && !UUID_RE.matcher(s).matches()) {
      throw ApiException.badRequest("Invalid value for '" + attr + "': '" + s + "' is not a UUID.");
    }
    return s;
  }

  private static String format(String attr, JsonNode v, List<String> allowed) {
    String s = string(attr, v, 20, true);
    if (s != null && !allowed.contains(s)) {
      throw ApiException.badRequest("Invalid value '" + s + "' for " + attr + ". Valid values are "
          + String.join(", ", allowed) + ".");
    }
    return s;
  }

  private static int nonNegative(String attr, JsonNode v) {
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
      throw ApiException.badRequest("Invalid value for '" + attr + "': " + v
          + " is not a non-negative integer.");
    }
    return v.asInt();
  }

  private static boolean bool(String attr, JsonNode v) {
    if (v == null || !v.isBoolean()) {
      throw ApiException.badRequest("Invalid value for '" + attr + "': " + v + " is not of type 'boolean'.");
    }
    return v.asBoolean();
  }
}
