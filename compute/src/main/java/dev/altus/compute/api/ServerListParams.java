package dev.altus.compute.api;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.service.ServerListQuery;
import dev.altus.compute.service.ServerListing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The query of GET /servers[/detail] as Nova reads it: the filters a non-admin may use (others
 * are ignored for them, as Nova does), all_tenants and deleted for admins, sorting, paging; from
 * 2.75 an unknown parameter is a 400.
 */
final class ServerListParams {
  private static final Set<String> KNOWN = Set.of("user_id", "project_id", "tenant_id",
      "launch_index", "image_ref", "image", "kernel_id", "ramdisk_id", "hostname", "key_name",
      "power_state", "vm_state", "task_state", "host", "node", "flavor", "reservation_id",
      "launched_at", "terminated_at", "availability_zone", "name", "display_name",
      "description", "display_description", "locked_by", "uuid", "root_device_name",
      "config_drive", "access_ip_v4", "access_ip_v6", "auto_disk_config", "progress",
      "sort_key", "sort_dir", "all_tenants", "soft_deleted", "deleted", "status",
      "changes-since", "changes-before", "ip", "ip6", "tag", "tags", "tags-any", "not-tags",
      "not-tags-any", "limit", "marker", "locked", "created_at", "updated_at");
  private static final Set<String> ADMIN_SORT_KEYS = Set.of("host", "node");

  private ServerListParams() {}

  static ServerListQuery parse(ApiRequest req, Microversion v, RequestContext ctx,
      boolean allFilters, boolean allTenantsAllowed, int maxLimit) {
    if (v.atLeast(75)) {
      for (String k : req.query().keySet()) {
        if (!KNOWN.contains(k)) {
          throw ApiException.badRequest("Invalid input for query parameters " + k
              + ". Additional properties are not allowed ('" + k + "' was unexpected)");
        }
      }
    }
    Set<String> userFilters = new java.util.HashSet<>(Set.of("reservation_id", "name",
        "status", "image", "flavor", "ip", "changes-since", "all_tenants"));
    if (v.atLeast(5)) {
      userFilters.add("ip6");
    }
    if (v.atLeast(26)) {
      userFilters.addAll(List.of("tags", "tags-any", "not-tags", "not-tags-any"));
    }
    if (v.atLeast(66)) {
      userFilters.add("changes-before");
    }
    if (v.atLeast(73)) {
      userFilters.add("locked");
    }
    if (v.atLeast(83)) {
      userFilters.addAll(List.of("availability_zone", "config_drive", "key_name", "created_at",
          "launched_at", "terminated_at", "power_state", "task_state", "vm_state", "progress",
          "user_id"));
    }
    java.util.function.Predicate<String> may = k -> allFilters || userFilters.contains(k);
    java.util.function.Function<String, String> q = k -> may.test(k)
        ? req.queryParam(k).orElse(null) : null;

    boolean allTenants = isAllTenants(req);
    if (allTenants && !allTenantsAllowed) {
      throw ApiException.forbidden("Policy doesn't allow os_compute_api:servers:index:"
          + "get_all_tenants to be performed.");
    }
    String project = ctx.projectId();
    if (allTenants) {
      project = q.apply("project_id") != null ? q.apply("project_id") : q.apply("tenant_id");
    }
    List<String> statuses = null;
    List<String> vmStates = null;
    List<String> rawStatus = may.test("status") ? req.query().get("status") : null;
    if (rawStatus != null && !rawStatus.isEmpty()) {
      statuses = new ArrayList<>();
      vmStates = new ArrayList<>();
      for (String st : rawStatus) {
        String up = st.toUpperCase(Locale.ROOT);
        List<String> vms = ServerStates.vmStatesFor(up);
        if (vms == null) {
          if (v.atLeast(38)) {
            throw ApiException.badRequest("Invalid status value");
          }
          continue;
        }
        statuses.add(up);
        vmStates.addAll(vms);
      }
    }
    Boolean deleted = false;
    String del = q.apply("deleted");
    if (statuses != null && statuses.contains("DELETED")) {
      if (!ctx.isAdmin()) {
        throw ApiException.forbidden("Only administrators may list deleted instances");
      }
      deleted = true;
    }
    if (del != null) {
      boolean d = parseBool("deleted", del);
      if (d && !allFilters) {
        d = false;
      }
      deleted = d;
    }
    Long since = time(q, "changes-since");
    Long before = time(q, "changes-before");
    if (since != null && before != null && since > before) {
      throw ApiException.badRequest("The value of changes-since must be less than or equal to"
          + " changes-before.");
    }
    if ((since != null || before != null) && del == null && !Boolean.TRUE.equals(deleted)) {
      deleted = null; // changes-since also reports deletions
    }
    String lockedRaw = q.apply("locked");
    Boolean locked = lockedRaw == null ? null : parseBool("locked", lockedRaw);
    String power = q.apply("power_state");
    Integer powerState = null;
    if (power != null) {
      try {
        powerState = Integer.valueOf(power);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("Invalid filter field: power_state.");
      }
    }
    List<String> vmFilter = may.test("vm_state") && req.query().containsKey("vm_state")
        ? req.query().get("vm_state") : null;
    if (vmFilter != null) {
      vmStates = vmStates == null ? new ArrayList<>(vmFilter)
          : vmStates.stream().filter(vmFilter::contains).toList();
    }
    List<String> taskFilter = may.test("task_state") && req.query().containsKey("task_state")
        ? req.query().get("task_state") : null;

    List<String> sortKeys = new ArrayList<>(req.query().getOrDefault("sort_key", List.of()));
    List<String> sortDirs = new ArrayList<>(req.query().getOrDefault("sort_dir", List.of()));
    for (String k : sortKeys) {
      if (!ServerListing.validSortKey(k)) {
        throw ApiException.badRequest("Invalid input for query parameters sort_key. Value: " + k
            + ". " + k + " is not a valid sort key.");
      }
      if (ADMIN_SORT_KEYS.contains(k) && !allFilters) {
        throw ApiException.forbidden("Only administrators can sort servers by " + k);
      }
    }
    for (String d : sortDirs) {
      if (!d.equals("asc") && !d.equals("desc")) {
        throw ApiException.badRequest("Invalid input for query parameters sort_dir. Value: " + d
            + ". It must be 'asc' or 'desc'.");
      }
    }
    int limit = maxLimit;
    var l = req.queryParam("limit");
    if (l.isPresent()) {
      try {
        limit = Integer.parseInt(l.get().trim());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("limit param must be an integer");
      }
      if (limit < 0) {
        throw ApiException.badRequest("limit param must be positive");
      }
      limit = Math.min(limit, maxLimit);
    }
    String image = q.apply("image");
    if (image == null) {
      image = q.apply("image_ref");
    }
    String name = q.apply("name") != null ? q.apply("name") : q.apply("display_name");
    String description = q.apply("description") != null ? q.apply("description")
        : q.apply("display_description");
    return new ServerListQuery(project, q.apply("user_id"), deleted, statuses, q.apply("host"),
        q.apply("node"), lastSegment(q.apply("flavor")), lastSegment(image),
        q.apply("reservation_id"), since, before, locked, regex("name", name),
        regex("ip", q.apply("ip")), regex("ip6", q.apply("ip6")), list(q.apply("tags")),
        list(q.apply("tags-any")), list(q.apply("not-tags")), list(q.apply("not-tags-any")),
        q.apply("availability_zone"), q.apply("key_name"), powerState, vmStates, taskFilter,
        regex("description", description), q.apply("hostname"), sortKeys, sortDirs, limit,
        req.queryParam("marker").orElse(null));
  }

  static boolean isAllTenants(ApiRequest req) {
    if (!req.query().containsKey("all_tenants")) {
      return false;
    }
    String v = req.queryParam("all_tenants").orElse("");
    if (v.isEmpty()) {
      return true;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on", "t", "y" -> true;
      case "false", "0", "no", "off", "f", "n" -> false;
      default -> throw ApiException.badRequest("Invalid input for query parameters all_tenants."
          + " Value: " + v + ".");
    };
  }

  private static boolean parseBool(String field, String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on", "t", "y" -> true;
      case "false", "0", "no", "off", "f", "n" -> false;
      default -> throw ApiException.badRequest("Invalid filter field: " + field + ". '" + v
          + "' is not a boolean.");
    };
  }

  private static Long time(java.util.function.Function<String, String> q, String key) {
    String t = q.apply(key);
    return t == null ? null : Times.parse(key, t);
  }

  private static Pattern regex(String field, String v) {
    if (v == null) {
      return null;
    }
    try {
      return Pattern.compile(v);
    } catch (PatternSyntaxException e) {
      return Pattern.compile(Pattern.quote(v));
    }
  }

  private static List<String> list(String v) {
    return v == null ? null : Arrays.stream(v.split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toList();
  }

  private static String lastSegment(String ref) {
    if (ref == null) {
      return null;
    }
    String s = ref.replaceAll("/+$", "");
    return s.substring(s.lastIndexOf('/') + 1);
  }
}
