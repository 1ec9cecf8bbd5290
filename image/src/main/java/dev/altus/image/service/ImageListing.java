package dev.altus.image.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.image.model.Image;
import dev.altus.image.store.ImageRecords;
import dev.altus.image.store.MemberRecords;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * GET /v2/images: which images a caller sees (visibility and membership rules), Glance's filters,
 * sorting (sort_key/sort_dir or sort=k:dir,...) and marker/limit paging.
 */
public final class ImageListing {
  public static final int DEFAULT_LIMIT = 25;
  public static final int MAX_LIMIT = 1000;
  private static final Set<String> SORT_KEYS = Set.of("name", "status", "container_format",
      "disk_format", "size", "id", "created_at", "updated_at", "visibility", "owner", "min_disk",
      "min_ram", "virtual_size");
  private static final Set<String> PAGING = Set.of("limit", "marker", "sort_key", "sort_dir",
      "sort", "member_status", "visibility", "size_min", "size_max", "tag", "os_hidden");
  private static final Set<String> COLUMNS = Set.of("name", "status", "owner", "disk_format",
      "container_format", "id", "checksum", "os_hash_value", "protected", "min_disk", "min_ram",
      "size", "virtual_size");

  /** One page and whether more follow. */
  public record Page(List<Image> images, boolean more, int limit) {}

  private final ImageRecords images;
  private final MemberRecords members;

  public ImageListing(ImageRecords images, MemberRecords members) {
    this.images = images;
    this.members = members;
  }

  public Page list(RequestContext ctx, Map<String, List<String>> q) {
    int limit = limit(q);
    String visibility = one(q, "visibility");
    if (visibility != null && !ImageDraft.VISIBILITIES.contains(visibility) && !visibility.equals("all")) {
      throw ApiException.badRequest("Invalid visibility value: " + visibility);
    }
    String memberStatus = one(q, "member_status");
    if (memberStatus == null) {
      memberStatus = "accepted";
    } else if (!Set.of("pending", "accepted", "rejected", "all").contains(memberStatus)) {
      throw ApiException.badRequest("Invalid status value: " + memberStatus);
    }
    Long sizeMin = number(q, "size_min");
    Long sizeMax = number(q, "size_max");
    Boolean hidden = bool(q, "os_hidden");
    Comparator<Image> order = order(q);
    Map<String, String> memberships =
        ctx.projectId() == null ? Map.of() : members.statusesOf(ctx.projectId());
    List<Image> out = new ArrayList<>();
    for (Image i : images.all()) {
      if (!sees(ctx, i, visibility, memberStatus, memberships)) {
        continue;
      }
      if (visibility != null && !visibility.equals("all") && !visibility.equals(i.visibility())) {
        continue;
      }
      if (i.osHidden() != (hidden != null && hidden)) {
        continue;
      }
      if (sizeMin != null && (i.size() == null || i.size() < sizeMin)) {
        continue;
      }
      if (sizeMax != null && (i.size() == null || i.size() > sizeMax)) {
        continue;
      }
      List<String> tags = q.getOrDefault("tag", List.of());
      if (!i.tags().containsAll(tags)) {
        continue;
      }
      if (matches(i, q)) {
        out.add(i);
      }
    }
    out.sort(order);
    String marker = one(q, "marker");
    int from = 0;
    if (marker != null) {
      from = -1;
      for (int k = 0; k < out.size(); k++) {
        if (out.get(k).id().equals(marker)) {
          from = k + 1;
          break;
        }
      }
      if (from < 0) {
        throw ApiException.badRequest("Invalid marker. Image " + marker + " could not be found.");
      }
    }
    int to = Math.min(out.size(), from + limit);
    return new Page(List.copyOf(out.subList(from, to)), to < out.size(), limit);
  }

  private static boolean sees(RequestContext ctx, Image i, String visibility, String memberStatus,
      Map<String, String> memberships) {
    boolean own = ImageAccess.owns(ctx, i);
    if (ctx.isAdmin()) {
      return true;
    }
    return switch (i.visibility()) {
      case "public" -> true;
      case "private" -> own;
      case "community" -> own || "community".equals(visibility) || "all".equals(visibility);
      case "shared" -> {
        if (own) {
          yield true;
        }
        String st = memberships.get(i.id());
        yield st != null && (memberStatus.equals("all") || memberStatus.equals(st));
      }
      default -> false;
    };
  }

  private static boolean matches(Image i, Map<String, List<String>> q) {
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      String k = e.getKey();
      if (PAGING.contains(k) || e.getValue().isEmpty()) {
        continue;
      }
      String want = e.getValue().get(0);
      if (k.equals("created_at") || k.equals("updated_at")) {
        if (!timeMatches(k.equals("created_at") ? i.createdAt() : i.updatedAt(), want)) {
          return false;
        }
        continue;
      }
      String have = COLUMNS.contains(k) ? column(i, k) : i.properties().get(k);
      if (want.startsWith("in:")) {
        List<String> any = List.of(want.substring(3).split(","));
        if (!any.contains(have)) {
          return false;
        }
      } else if (!Objects.equals(want, have)) {
        return false;
      }
    }
    return true;
  }

  /** Glance's time filters: {@code [gt|gte|lt|lte|eq|neq:]ISO-8601 time}. */
  private static boolean timeMatches(java.time.Instant t, String filter) {
    String op = "eq";
    String value = filter;
    int colon = filter.indexOf(':');
    if (colon > 0 && filter.substring(0, colon).matches("gt|gte|lt|lte|eq|neq")) {
      op = filter.substring(0, colon);
      value = filter.substring(colon + 1);
    }
    java.time.Instant when;
    try {
      when = java.time.OffsetDateTime.parse(value).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      try {
        when = java.time.LocalDateTime.parse(value).toInstant(java.time.ZoneOffset.UTC);
      } catch (java.time.format.DateTimeParseException e2) {
        throw ApiException.badRequest("Invalid time filter '" + filter + "': use an operator"
            + " (gt, gte, lt, lte, eq, neq) and an ISO 8601 time.");
      }
    }
    long a = t.getEpochSecond();
    long b = when.getEpochSecond();
    return switch (op) {
      case "gt" -> a > b;
      case "gte" -> a >= b;
      case "lt" -> a < b;
      case "lte" -> a <= b;
      case "neq" -> a != b;
      default -> a == b;
    };
  }

  private static String column(Image i, String k) {
    Object v = switch (k) {
      case "name" -> i.name();
      case "status" -> i.status().wire();
      case "owner" -> i.owner();
      case "disk_format" -> i.diskFormat();
      case "container_format" -> i.containerFormat();
      case "id" -> i.id();
      case "checksum" -> i.checksum();
      case "os_hash_value" -> i.osHashValue();
      case "protected" -> Boolean.toString(i.isProtected());
      case "min_disk" -> i.minDisk();
      case "min_ram" -> i.minRam();
      case "size" -> i.size();
      case "virtual_size" -> i.virtualSize();
      default -> null;
    };
    return v == null ? null : v.toString();
  }

  private static Comparator<Image> order(Map<String, List<String>> q) {
    List<String> keys = new ArrayList<>();
    List<String> dirs = new ArrayList<>();
    if (q.containsKey("sort")) {
      if (q.containsKey("sort_key") || q.containsKey("sort_dir")) {
        throw ApiException.badRequest("The 'sort' parameter cannot be combined with sort_key or"
            + " sort_dir.");
      }
      for (String part : String.join(",", q.get("sort")).split(",")) {
        String[] kd = part.trim().split(":", 2);
        keys.add(kd[0]);
        dirs.add(kd.length > 1 ? kd[1] : "desc");
      }
    } else {
      keys.addAll(q.getOrDefault("sort_key", List.of()));
      dirs.addAll(q.getOrDefault("sort_dir", List.of()));
      if (dirs.size() > 1 && dirs.size() != keys.size()) {
        throw ApiException.badRequest("The number of sort_dir values must match sort_key.");
      }
      while (dirs.size() < keys.size()) {
        dirs.add(dirs.isEmpty() ? "desc" : dirs.get(0));
      }
    }
    if (keys.isEmpty()) {
      keys.add("created_at");
      dirs.add(dirs.isEmpty() ? "desc" : dirs.get(0));
    }
    Comparator<Image> c = null;
    for (int k = 0; k < keys.size(); k++) {
      String key = keys.get(k);
      String dir = dirs.get(k);
      if (!SORT_KEYS.contains(key)) {
        throw ApiException.badRequest("Invalid sort key: " + key + ". It is not in the list of"
            + " allowed keys " + new java.util.TreeSet<>(SORT_KEYS) + ".");
      }
      if (!dir.equals("asc") && !dir.equals("desc")) {
        throw ApiException.badRequest("Invalid sort direction: " + dir);
      }
      Comparator<Image> one = Comparator.comparing(extractor(key),
          Comparator.nullsFirst(Comparator.naturalOrder()));
      if (dir.equals("desc")) {
        one = one.reversed();
      }
      c = c == null ? one : c.thenComparing(one);
    }
    String lastDir = dirs.get(dirs.size() - 1);
    Comparator<Image> byId = Comparator.comparing(Image::id);
    return c.thenComparing(lastDir.equals("desc") ? byId.reversed() : byId);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Function<Image, Comparable> extractor(String key) {
    return switch (key) {
      case "size" -> Image::size;
      case "virtual_size" -> Image::virtualSize;
      case "created_at" -> Image::createdAt;
      case "updated_at" -> Image::updatedAt;
      case "min_disk" -> Image::minDisk;
      case "min_ram" -> Image::minRam;
      default -> i -> column(i, key);
    };
  }

  private static int limit(Map<String, List<String>> q) {
    Long l = number(q, "limit");
    if (l == null) {
      return DEFAULT_LIMIT;
    }
    if (l < 0) {
      throw ApiException.badRequest("limit param must be positive");
    }
    return (int) Math.min(l, MAX_LIMIT);
  }

  private static String one(Map<String, List<String>> q, String k) {
    List<String> v = q.get(k);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static Long number(Map<String, List<String>> q, String k) {
    String v = one(q, k);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Invalid value for " + k + ": '" + v + "' is not an integer.");
    }
  }

  private static Boolean bool(Map<String, List<String>> q, String k) {
    String v = one(q, k);
    if (v == null) {
      return null;
    }
    return switch (v.toLowerCase()) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw ApiException.badRequest("Invalid value for " + k + ": '" + v
          + "' is not a boolean.");
    };
  }
}
