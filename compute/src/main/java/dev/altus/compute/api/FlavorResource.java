package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Paging;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.Flavor;
import dev.altus.compute.service.FlavorService;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /flavors}: list (brief and detail, with minRam, minDisk, is_public for admins, sorting and
 * paging), show, and for admins create, delete and (2.55) update the description.
 */
public final class FlavorResource {
  /** Nova's osapi max_limit: the longest page. */
  static final int MAX_LIMIT = 1000;
  private static final Map<String, String> SORT_KEYS = Map.ofEntries(
      Map.entry("created_at", "created_at"), Map.entry("updated_at", "created_at"),
      Map.entry("id", "created_at"), Map.entry("description", "description"),
      Map.entry("disabled", "disabled"), Map.entry("ephemeral_gb", "ephemeral_gb"),
      Map.entry("flavorid", "flavorid"), Map.entry("is_public", "is_public"),
      Map.entry("memory_mb", "memory_mb"), Map.entry("name", "name"),
      Map.entry("root_gb", "root_gb"), Map.entry("rxtx_factor", "rxtx_factor"),
      Map.entry("swap", "swap_mb"), Map.entry("vcpu_weight", "created_at"),
      Map.entry("vcpus", "vcpus"));
  private static final Set<String> LIST_PARAMS = Set.of("limit", "marker", "is_public", "minRam",
      "minDisk", "sort_key", "sort_dir");
  private static final Set<String> CREATE_FIELDS = Set.of("name", "id", "ram", "vcpus", "disk",
      "OS-FLV-EXT-DATA:ephemeral", "swap", "rxtx_factor", "os-flavor-access:is_public");

  private final FlavorService flavors;
  private final PolicyEngine policy;
  private final FlavorView view;
  private final ResourceLinks links;

  public FlavorResource(FlavorService flavors, PolicyEngine policy, ResourceLinks links) {
    this.flavors = flavors;
    this.policy = policy;
    this.links = links;
    this.view = new FlavorView(links);
  }

  public void routes(Router r) {
    r.get("/v2.1/flavors", req -> list(req, false));
    r.get("/v2.1/flavors/detail", req -> list(req, true));
    r.get("/v2.1/flavors/{flavor_id}", this::show);
    r.post("/v2.1/flavors", this::create);
    r.put("/v2.1/flavors/{flavor_id}", this::update);
    r.delete("/v2.1/flavors/{flavor_id}", this::delete);
  }

  /** True when the caller may read extra specs, so 2.61 bodies carry them. */
  boolean showsSpecs(RequestContext ctx) {
    return policy.allowed("os_compute_api:os-flavor-extra-specs:index", ctx,
        Map.of("project_id", ctx.projectId() == null ? "" : ctx.projectId()));
  }

  private ApiResponse list(ApiRequest req, boolean detail) {
    RequestContext ctx = req.context();
    Microversion v = Microversion.of(req);
    if (v.atLeast(75)) {
      NovaInput.onlyQuery(req, LIST_PARAMS);
    }
    String sortKey = req.queryParam("sort_key").orElse("flavorid");
    if (sortKey.isEmpty()) {
      sortKey = "flavorid";
    }
    String column = SORT_KEYS.get(sortKey);
    if (column == null) {
      throw ApiException.badRequest("Invalid input for query parameters sort_key. Value: "
          + sortKey + ". '" + sortKey + "' is not one of "
          + new java.util.TreeSet<>(SORT_KEYS.keySet()));
    }
    String sortDir = req.queryParam("sort_dir").orElse("asc");
    if (sortDir.isEmpty()) {
      sortDir = "asc";
    }
    if (!sortDir.equals("asc") && !sortDir.equals("desc")) {
      throw ApiException.badRequest("Invalid input for query parameters sort_dir. Value: "
          + sortDir + ". '" + sortDir + "' is not one of ['asc', 'desc']");
    }
    Boolean isPublic = true;
    var publicParam = req.queryParam("is_public");
    if (ctx.isAdmin() && publicParam.isPresent()) {
      if (publicParam.get().equalsIgnoreCase("none")) {
        isPublic = null;
      } else {
        isPublic = NovaInput.strictBool(publicParam.get());
        if (isPublic == null) {
          throw ApiException.badRequest("Invalid is_public filter [" + publicParam.get() + "]");
        }
      }
    }
    Integer minRam = filterInt(req, "minRam");
    Integer minDisk = filterInt(req, "minDisk");
    int limit = NovaInput.queryInt(req, "limit", 0).orElse(MAX_LIMIT);
    limit = limit == 0 ? MAX_LIMIT : Math.min(limit, MAX_LIMIT);
    List<Flavor> all = flavors.list(ctx, isPublic, minRam, minDisk, column,
        sortDir.equals("desc"));
    List<Flavor> page = page(all, req, limit);
    boolean specs = detail && showsSpecs(ctx);
    ArrayNode items = Json.array();
    for (Flavor f : page) {
      items.add(detail ? view.full(f, v, specs) : view.brief(f, v));
    }
    ObjectNode body = Json.object();
    body.set("flavors", items);
    ArrayNode next = links.next(req, detail ? "flavors/detail" : "flavors", page.size(), limit,
        page.isEmpty() ? null : page.get(page.size() - 1).id());
    if (!next.isEmpty()) {
      body.set("flavors_links", next);
    }
    return ApiResponse.ok(body);
  }

  private static List<Flavor> page(List<Flavor> all, ApiRequest req, int limit) {
    var marker = req.queryParam("marker");
    int start = 0;
    if (marker.isPresent()) {
      start = -1;
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).id().equals(marker.get())) {
          start = i + 1;
          break;
        }
      }
      if (start < 0) {
        throw ApiException.badRequest("marker [" + marker.get() + "] not found");
      }
    }
    return all.subList(start, Math.min(all.size(), start + limit));
  }

  private static Integer filterInt(ApiRequest req, String name) {
    var s = req.queryParam(name);
    if (s.isEmpty()) {
      return null;
    }
    try {
      return Integer.parseInt(s.get().trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Invalid " + name + " filter [" + s.get() + "]");
    }
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = req.context();
    Microversion v = Microversion.of(req);
    Flavor f = flavors.get(ctx, req.param("flavor_id"));
    return one(f, v, showsSpecs(ctx));
  }

  private ApiResponse one(Flavor f, Microversion v, boolean specs) {
    ObjectNode body = Json.object();
    body.set("flavor", view.full(f, v, specs));
    return ApiResponse.ok(body);
  }

  private ApiResponse create(ApiRequest req) {
    RequestContext ctx = req.context();
    policy.enforce("os_compute_api:os-flavor-manage:create", ctx);
    Microversion v = Microversion.of(req);
    ObjectNode in = NovaInput.root(req, "flavor");
    Set<String> allowed = new HashSet<>(CREATE_FIELDS);
    if (v.atLeast(55)) {
      allowed.add("description");
    }
    NovaInput.only(in, "flavor", allowed);
    NovaInput.required(in, "flavor", "name", "ram", "vcpus", "disk");
    String name = NovaInput.name(in, "name");
    String id = flavorId(in);
    int ram = NovaInput.integer(in.get("ram"), "memory_mb", 1, NovaInput.MAX_INT);
    int vcpus = NovaInput.integer(in.get("vcpus"), "vcpus", 1, NovaInput.MAX_INT);
    int disk = NovaInput.integer(in.get("disk"), "root_gb", 0, NovaInput.MAX_INT);
    int ephemeral = NovaInput.integer(in, "OS-FLV-EXT-DATA:ephemeral", 0, NovaInput.MAX_INT)
        .orElse(0);
    int swap = NovaInput.integer(in, "swap", 0, NovaInput.MAX_INT).orElse(0);
    double rxtx = rxtx(in);
    boolean isPublic = NovaInput.bool(in, "os-flavor-access:is_public").orElse(true);
    String description = description(in);
    Flavor f = flavors.create(new FlavorService.NewFlavor(id, name, ram, vcpus, disk, ephemeral,
        swap, rxtx, isPublic, description));
    return one(f, v, showsSpecs(ctx));
  }

  private static String flavorId(ObjectNode in) {
    var node = in.get("id");
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      return node.asText();
    }
    if (node.isNumber()) {
      return node.asText();
    }
    if (!node.isTextual()) {
      throw NovaInput.invalid("id", node, Json.text(node) + " is not of type 'string', 'number',"
          + " 'null'");
    }
    String s = node.asText();
    if (s.isEmpty() || s.length() > 255 || !s.matches("^(?! )[a-zA-Z0-9. _-]+(?<! )$")) {
      throw NovaInput.invalid("id", node, "'" + s + "' does not match"
          + " '^(?! )[a-zA-Z0-9. _-]+(?<! )$'");
    }
    return s;
  }

  private static double rxtx(ObjectNode in) {
    var node = in.get("rxtx_factor");
    if (node == null) {
      return 1.0;
    }
    double d;
    if (node.isNumber()) {
      d = node.asDouble();
    } else if (node.isTextual() && node.asText().matches("^[0-9]+(\\.[0-9]+)?$")) {
      d = Double.parseDouble(node.asText());
    } else {
      throw NovaInput.invalid("rxtx_factor", node, Json.text(node)
          + " is not a positive number");
    }
    if (!(d > 0) || d > FlavorService.MAX_RXTX) {
      throw NovaInput.invalid("rxtx_factor", node, "'rxtx_factor' argument must be a float"
          + " between 0 and " + FlavorService.MAX_RXTX);
    }
    return d;
  }

  private static String description(ObjectNode in) {
    String d = NovaInput.string(in, "description", 0, 65535, true).orElse(null);
    if (d != null && !NovaInput.validDescription(d)) {
      throw NovaInput.invalid("description", in.get("description"),
          "'" + d + "' contains characters a description may not hold");
    }
    return d;
  }

  private ApiResponse update(ApiRequest req) {
    RequestContext ctx = req.context();
    Microversion v = Microversion.of(req);
    if (!v.atLeast(55)) {
      throw ApiException.notFound("The resource could not be found.");
    }
    policy.enforce("os_compute_api:os-flavor-manage:update", ctx);
    ObjectNode in = NovaInput.root(req, "flavor");
    NovaInput.only(in, "flavor", Set.of("description"));
    NovaInput.required(in, "flavor", "description");
    Flavor f = flavors.describe(req.param("flavor_id"), description(in));
    return one(f, v, showsSpecs(ctx));
  }

  private ApiResponse delete(ApiRequest req) {
    policy.enforce("os_compute_api:os-flavor-manage:delete", req.context());
    flavors.delete(req.param("flavor_id"));
    return ApiResponse.empty(202);
  }
}
