package dev.altus.identity.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import dev.altus.identity.store.CatalogStore;
import dev.altus.identity.store.CatalogStore.Endpoint;
import dev.altus.identity.store.CatalogStore.Region;
import dev.altus.identity.store.CatalogStore.Service;
import dev.altus.identity.store.EndpointFilterStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules for the catalog's regions, services and endpoints: region hierarchies without cycles,
 * regions that still hold endpoints cannot go, endpoints need an existing service and region (a
 * region named by the legacy {@code region} attribute is created on the fly, as Keystone does).
 */
public final class CatalogService {
  /** The interfaces an endpoint may have. */
  public static final Set<String> INTERFACES = Set.of("public", "internal", "admin");
  private static final Pattern URL = Pattern.compile("^[a-zA-Z0-9+.-]+:.+");
  private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\(([^)]*)\\)s");
  private static final Set<String> URL_SUBSTITUTIONS = Set.of(
      "tenant_id", "project_id", "user_id", "admin_token", "public_port", "admin_port",
      "compute_port", "compute_host", "admin_host", "public_bind_host", "admin_bind_host");

  private final CatalogStore catalog;
  private final EndpointFilterStore filters;

  public CatalogService(CatalogStore catalog, EndpointFilterStore filters) {
    this.catalog = Objects.requireNonNull(catalog);
    this.filters = Objects.requireNonNull(filters);
  }

  // ---- regions ----

  public Region region(String id) {
    return catalog.region(id)
        .orElseThrow(() -> ApiException.notFound("Could not find region: " + id + "."));
  }

  public List<Region> regions() {
    return catalog.regions();
  }

  /** Creates a region; {@code id} null means a generated one. */
  public Region createRegion(String id, String description, String parentRegionId, ObjectNode extra) {
    String rid = id == null ? Ids.newId() : id;
    if (catalog.region(rid).isPresent()) {
      throw ApiException.conflict("Conflict occurred attempting to store region - Duplicate ID, " + rid + ".");
    }
    if (parentRegionId != null && catalog.region(parentRegionId).isEmpty()) {
      throw ApiException.notFound("Could not find region: " + parentRegionId + ".");
    }
    Region r = new Region(rid, description == null ? "" : description, parentRegionId, extra);
    try {
      catalog.insertRegion(r);
    } catch (RuntimeException e) {
      if (ProjectService.isUnique(e)) {
        throw ApiException.conflict("Conflict occurred attempting to store region - Duplicate ID, " + rid + ".");
      }
      throw e;
    }
    return region(rid);
  }

  /** Updates a region; a new parent must exist and must not make the hierarchy circular. */
  public Region updateRegion(Region before, Region after) {
    String parent = after.parentRegionId();
    if (parent != null && !parent.equals(before.parentRegionId())) {
      if (catalog.region(parent).isEmpty()) {
        throw ApiException.notFound("Could not find region: " + parent + ".");
      }
      Map<String, String> parentOf = new HashMap<>();
      catalog.regions().forEach(x -> parentOf.put(x.id(), x.parentRegionId()));
      String cur = parent;
      Set<String> seen = new HashSet<>();
      while (cur != null && seen.add(cur)) {
        if (cur.equals(before.id())) {
          throw ApiException.badRequest("The specified parent region " + parent
              + " would create a circular region hierarchy.");
        }
        cur = parentOf.get(cur);
      }
    }
    catalog.updateRegion(new Region(before.id(),
        after.description() == null ? "" : after.description(), parent, after.extra()));
    return region(before.id());
  }

  /**
   * Deletes a region and, with it, all its descendant regions, unless any of them still has
   * endpoints.
   */
  public void deleteRegion(String id) {
    region(id);
    List<Region> all = catalog.regions();
    List<String> subtree = new ArrayList<>();
    subtree.add(id);
    for (int i = 0; i < subtree.size(); i++) {
      String p = subtree.get(i);
      all.stream().filter(r -> p.equals(r.parentRegionId()) && !subtree.contains(r.id()))
          .forEach(r -> subtree.add(r.id()));
    }
    Set<String> ids = new HashSet<>(subtree);
    if (catalog.endpoints().stream().anyMatch(e -> ids.contains(e.regionId()))) {
      throw ApiException.forbidden("Unable to delete region " + id
          + " because it or its child regions have associated endpoints.");
    }
    List<String> childrenFirst = new ArrayList<>(subtree);
    java.util.Collections.reverse(childrenFirst);
    catalog.deleteRegions(childrenFirst);
  }

  // ---- services ----

  public Service service(String id) {
    return catalog.service(id)
        .orElseThrow(() -> ApiException.notFound("Could not find service: " + id + "."));
  }

  public List<Service> services() {
    return catalog.services();
  }

  /** Creates a service; {@code extra} carries name, description and other attributes. */
  public Service createService(String type, boolean enabled, ObjectNode extra) {
    ObjectNode x = extra.deepCopy();
    if (!x.has("name")) {
      x.put("name", "");
    }
    Service s = new Service(Ids.newId(), type, enabled, x);
    catalog.insertService(s);
    return service(s.id());
  }

  public Service updateService(Service after) {
    catalog.updateService(after);
    return service(after.id());
  }

  /** Deletes a service with its endpoints and their project associations. */
  public void deleteService(String id) {
    service(id);
    List<String> eps = catalog.endpoints().stream().filter(e -> e.serviceId().equals(id))
        .map(Endpoint::id).toList();
    filters.forgetEndpoints(eps);
    catalog.deleteService(id);
  }

  // ---- endpoints ----

  public Endpoint endpoint(String id) {
    return catalog.endpoint(id)
        .orElseThrow(() -> ApiException.notFound("Could not find endpoint: " + id + "."));
  }

  public List<Endpoint> endpoints() {
    return catalog.endpoints();
  }

  /**
   * Creates an endpoint. {@code regionId} must name an existing region; {@code legacyRegion} (used
   * only when {@code regionId} is null) is created if missing.
   */
  public Endpoint createEndpoint(String serviceId, String iface, String url, String regionId,
      String legacyRegion, boolean enabled, ObjectNode extra) {
    checkUrl(url);
    String region = resolveRegion(regionId, legacyRegion);
    requireService(serviceId);
    Endpoint e = new Endpoint(Ids.newId(), serviceId, region, iface, url, enabled, extra);
    catalog.insertEndpoint(e);
    return endpoint(e.id());
  }

  /** Updates an endpoint; {@code after} holds the merged attributes. */
  public Endpoint updateEndpoint(Endpoint before, Endpoint after, String legacyRegion,
      boolean regionGiven) {
    String region = after.regionId();
    if (regionGiven) {
      region = resolveRegion(after.regionId(), legacyRegion);
    }
    if (!after.url().equals(before.url())) {
      checkUrl(after.url());
    }
    if (!after.serviceId().equals(before.serviceId())) {
      requireService(after.serviceId());
    }
    catalog.updateEndpoint(new Endpoint(before.id(), after.serviceId(), region, after.iface(),
        after.url(), after.enabled(), after.extra()));
    return endpoint(before.id());
  }

  public void deleteEndpoint(String id) {
    endpoint(id);
    filters.forgetEndpoints(List.of(id));
    catalog.deleteEndpoint(id);
  }

  private String resolveRegion(String regionId, String legacyRegion) {
    if (regionId != null) {
      if (catalog.region(regionId).isEmpty()) {
        throw ApiException.badRequest("Expecting to find endpoint region_id in region table."
            + " Region " + regionId + " does not exist.");
      }
      return regionId;
    }
    if (legacyRegion != null) {
      if (catalog.region(legacyRegion).isEmpty()) {
        createRegion(legacyRegion, "", null, Json.object());
      }
      return legacyRegion;
    }
    return null;
  }

  private void requireService(String serviceId) {
    if (catalog.service(serviceId).isEmpty()) {
      throw ApiException.badRequest("Expecting to find endpoint service_id in service table."
          + " Service " + serviceId + " does not exist.");
    }
  }

  /** A URL needs a scheme, and may only use the substitutions Keystone knows. */
  static void checkUrl(String url) {
    if (!URL.matcher(url).matches()) {
      throw ApiException.badRequest("Invalid input for field 'url': '" + url
          + "' is not a URL (expected scheme:rest).");
    }
    var m = SUBSTITUTION.matcher(url);
    while (m.find()) {
      if (!URL_SUBSTITUTIONS.contains(m.group(1))) {
        throw ApiException.badRequest("Cannot create an endpoint with an invalid URL: " + url + ".");
      }
    }
  }
}
