package dev.altus.identity.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.identity.model.Project;
import dev.altus.identity.store.CatalogStore;
import dev.altus.identity.store.CatalogStore.Endpoint;
import dev.altus.identity.store.EndpointFilterStore;
import dev.altus.identity.store.EndpointFilterStore.EndpointGroup;
import dev.altus.identity.store.ProjectStore;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * OS-EP-FILTER: endpoint groups, their project associations, direct project-endpoint associations,
 * and which endpoints a project's catalog is restricted to.
 */
public final class EndpointFilterService {
  /** The endpoint attributes a group may filter on. */
  public static final Set<String> FILTER_KEYS = Set.of("service_id", "region_id", "interface");

  private final EndpointFilterStore store;
  private final CatalogStore catalog;
  private final ProjectStore projects;

  public EndpointFilterService(EndpointFilterStore store, CatalogStore catalog, ProjectStore projects) {
    this.store = Objects.requireNonNull(store);
    this.catalog = Objects.requireNonNull(catalog);
    this.projects = Objects.requireNonNull(projects);
  }

  public EndpointGroup group(String id) {
    return store.group(id)
        .orElseThrow(() -> ApiException.notFound("Could not find endpoint group: " + id + "."));
  }

  public List<EndpointGroup> groups() {
    return store.groups();
  }

  public EndpointGroup createGroup(String name, String description, ObjectNode filters) {
    if (filters.isEmpty()) {
      throw ApiException.badRequest("filters field is required and cannot be empty");
    }
    validateFilters(filters);
    EndpointGroup g = new EndpointGroup(Ids.newId(), name, description, filters);
    store.insertGroup(g);
    return group(g.id());
  }

  public EndpointGroup updateGroup(EndpointGroup after) {
    validateFilters(after.filters());
    store.updateGroup(after);
    return group(after.id());
  }

  public void deleteGroup(String id) {
    group(id);
    store.deleteGroup(id);
  }

  /** Only service_id, region_id and interface, each with a string value. */
  static void validateFilters(ObjectNode filters) {
    for (Iterator<Map.Entry<String, JsonNode>> it = filters.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!FILTER_KEYS.contains(e.getKey())) {
        throw ApiException.badRequest("Expecting to find service_id or region_id or interface in"
            + " endpoint_group: '" + e.getKey() + "' is not a valid filter.");
      }
      if (!e.getValue().isTextual()) {
        throw ApiException.badRequest("Invalid input for field 'filters': the value of '"
            + e.getKey() + "' must be a string.");
      }
    }
  }

  /** The endpoints whose attributes match every filter of the group. */
  public List<Endpoint> endpointsOf(EndpointGroup g) {
    return catalog.endpoints().stream().filter(e -> matches(g.filters(), e)).toList();
  }

  private static boolean matches(ObjectNode filters, Endpoint e) {
    for (Iterator<Map.Entry<String, JsonNode>> it = filters.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String actual = switch (f.getKey()) {
        case "service_id" -> e.serviceId();
        case "region_id" -> e.regionId();
        case "interface" -> e.iface();
        default -> null;
      };
      if (!f.getValue().asText().equals(actual)) {
        return false;
      }
    }
    return true;
  }

  // ---- endpoint group <-> project ----

  private Project project(String id) {
    return projects.find(id).filter(p -> !p.isDomain())
        .orElseThrow(() -> ApiException.notFound("Could not find project: " + id + "."));
  }

  public void addGroupToProject(String groupId, String projectId) {
    project(projectId);
    group(groupId);
    if (store.groupHasProject(groupId, projectId)) {
      throw ApiException.conflict("Conflict occurred attempting to store project_endpoint_group"
          + " - Duplicate entry.");
    }
    try {
      store.addGroupProject(groupId, projectId);
    } catch (RuntimeException e) {
      if (ProjectService.isUnique(e)) {
        throw ApiException.conflict("Conflict occurred attempting to store project_endpoint_group"
            + " - Duplicate entry.");
      }
      throw e;
    }
  }

  public void checkGroupInProject(String groupId, String projectId) {
    project(projectId);
    group(groupId);
    if (!store.groupHasProject(groupId, projectId)) {
      throw ApiException.notFound("Could not find project endpoint group: endpoint group "
          + groupId + " is not associated with project " + projectId + ".");
    }
  }

  public void removeGroupFromProject(String groupId, String projectId) {
    checkGroupInProject(groupId, projectId);
    store.removeGroupProject(groupId, projectId);
  }

  public List<Project> projectsOf(String groupId) {
    group(groupId);
    return store.projectsOfGroup(groupId).stream()
        .map(projects::find).flatMap(java.util.Optional::stream).toList();
  }

  public List<EndpointGroup> groupsOf(String projectId) {
    project(projectId);
    return store.groupsOfProject(projectId).stream()
        .map(store::group).flatMap(java.util.Optional::stream).toList();
  }

  // ---- endpoint <-> project ----

  private Endpoint endpoint(String id) {
    return catalog.endpoint(id)
        .orElseThrow(() -> ApiException.notFound("Could not find endpoint: " + id + "."));
  }

  public void addEndpointToProject(String projectId, String endpointId) {
    endpoint(endpointId);
    project(projectId);
    if (store.projectHasEndpoint(projectId, endpointId)) {
      throw ApiException.conflict("Conflict occurred attempting to store project_endpoint"
          + " - Duplicate entry.");
    }
    try {
      store.addProjectEndpoint(projectId, endpointId);
    } catch (RuntimeException e) {
      if (ProjectService.isUnique(e)) {
        throw ApiException.conflict("Conflict occurred attempting to store project_endpoint"
            + " - Duplicate entry.");
      }
      throw e;
    }
  }

  public void checkEndpointInProject(String projectId, String endpointId) {
    endpoint(endpointId);
    project(projectId);
    if (!store.projectHasEndpoint(projectId, endpointId)) {
      throw ApiException.notFound("Endpoint " + endpointId + " not found in project " + projectId + ".");
    }
  }

  public void removeEndpointFromProject(String projectId, String endpointId) {
    if (!store.removeProjectEndpoint(projectId, endpointId)) {
      throw ApiException.notFound("Endpoint " + endpointId + " not found in project " + projectId + ".");
    }
  }

  public List<Project> projectsOfEndpoint(String endpointId) {
    endpoint(endpointId);
    return store.projectsOfEndpoint(endpointId).stream()
        .map(projects::find).flatMap(java.util.Optional::stream).toList();
  }

  /**
   * The endpoints a project is associated with, directly or through its endpoint groups. When this
   * is not empty the project's catalog holds only these endpoints.
   */
  public List<Endpoint> endpointsForProject(String projectId) {
    Map<String, Endpoint> out = new LinkedHashMap<>();
    Map<String, Endpoint> all = new LinkedHashMap<>();
    catalog.endpoints().forEach(e -> all.put(e.id(), e));
    for (String id : store.endpointsOfProject(projectId)) {
      Endpoint e = all.get(id);
      if (e != null) {
        out.put(id, e);
      }
    }
    for (String gid : store.groupsOfProject(projectId)) {
      store.group(gid).ifPresent(g -> all.values().stream()
          .filter(e -> matches(g.filters(), e)).forEach(e -> out.putIfAbsent(e.id(), e)));
    }
    return List.copyOf(out.values());
  }

  /** {@link #endpointsForProject} for the API: the project must exist. */
  public List<Endpoint> endpointsOfProject(String projectId) {
    project(projectId);
    return endpointsForProject(projectId);
  }
}
