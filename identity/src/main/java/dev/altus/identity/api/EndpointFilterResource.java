package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.service.EndpointFilterService;
import dev.altus.identity.store.EndpointFilterStore.EndpointGroup;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v3/OS-EP-FILTER}: endpoint groups, their association with projects, and direct
 * project-endpoint associations, which restrict the catalog of project-scoped tokens.
 */
public final class EndpointFilterResource implements IdentityResource {
  private static final String PREFIX = "/v3/OS-EP-FILTER";
  private static final Set<String> FIELDS = Set.of("id", "name", "description", "filters", "links");
  private final EndpointFilterService filters;
  private final PolicyEngine policy;

  public EndpointFilterResource(EndpointFilterService filters, PolicyEngine policy) {
    this.filters = filters;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    String read = CatalogRequests.ADMIN_OR_SYSTEM_READER;
    String admin = "rule:admin_required";
    return Map.ofEntries(
        Map.entry("identity:create_endpoint_group", admin),
        Map.entry("identity:list_endpoint_groups", read),
        Map.entry("identity:get_endpoint_group", read),
        Map.entry("identity:update_endpoint_group", admin),
        Map.entry("identity:delete_endpoint_group", admin),
        Map.entry("identity:list_projects_associated_with_endpoint_group", read),
        Map.entry("identity:list_endpoints_associated_with_endpoint_group", read),
        Map.entry("identity:get_endpoint_group_in_project", read),
        Map.entry("identity:list_endpoint_groups_for_project", read),
        Map.entry("identity:add_endpoint_group_to_project", admin),
        Map.entry("identity:remove_endpoint_group_from_project", admin),
        Map.entry("identity:add_endpoint_to_project", admin),
        Map.entry("identity:check_endpoint_in_project", read),
        Map.entry("identity:list_endpoints_for_project", read),
        Map.entry("identity:remove_endpoint_from_project", admin),
        Map.entry("identity:list_projects_for_endpoint", read));
  }

  @Override
  public void routes(Router r) {
    r.post(PREFIX + "/endpoint_groups", this::create);
    r.get(PREFIX + "/endpoint_groups", this::list);
    r.get(PREFIX + "/endpoint_groups/{id}", this::show);
    r.patch(PREFIX + "/endpoint_groups/{id}", this::update);
    r.delete(PREFIX + "/endpoint_groups/{id}", this::delete);
    r.get(PREFIX + "/endpoint_groups/{id}/projects", this::projectsOfGroup);
    r.get(PREFIX + "/endpoint_groups/{id}/endpoints", this::endpointsOfGroup);
    r.get(PREFIX + "/endpoint_groups/{id}/projects/{project_id}", this::showGroupProject);
    r.put(PREFIX + "/endpoint_groups/{id}/projects/{project_id}", this::addGroupProject);
    r.delete(PREFIX + "/endpoint_groups/{id}/projects/{project_id}", this::removeGroupProject);
    r.get(PREFIX + "/projects/{project_id}/endpoint_groups", this::groupsOfProject);
    r.get(PREFIX + "/projects/{project_id}/endpoints", this::endpointsOfProject);
    r.get(PREFIX + "/projects/{project_id}/endpoints/{endpoint_id}", this::checkProjectEndpoint);
    r.put(PREFIX + "/projects/{project_id}/endpoints/{endpoint_id}", this::addProjectEndpoint);
    r.delete(PREFIX + "/projects/{project_id}/endpoints/{endpoint_id}", this::removeProjectEndpoint);
    r.get(PREFIX + "/endpoints/{endpoint_id}/projects", this::projectsOfEndpoint);
  }

  private ApiResponse create(ApiRequest req) {
    policy.enforce("identity:create_endpoint_group", req.context());
    Body b = Body.root(req.json(), "endpoint_group").onlyFields(FIELDS);
    String name = CatalogRequests.name(b, "name", true);
    String description = b.nullableString("description", 65535).orElse(null);
    if (!b.has("filters")) {
      throw ApiException.badRequest("'filters' is a required property");
    }
    ObjectNode f = CatalogRequests.bounded(Body.of(b.raw("filters"), "filters").node(), "filters");
    EndpointGroup g = filters.createGroup(name, description, f);
    return ApiResponse.created(Views.wrap("endpoint_group", view(req, g)));
  }

  private ApiResponse list(ApiRequest req) {
    policy.enforce("identity:list_endpoint_groups", req.context());
    var name = req.queryParam("name");
    var out = filters.groups().stream()
        .filter(g -> name.isEmpty() || name.get().equals(g.name())).toList();
    return ApiResponse.ok(Views.collection(req, "endpoint_groups", out, g -> view(req, g)));
  }

  private ApiResponse show(ApiRequest req) {
    policy.enforce("identity:get_endpoint_group", req.context());
    return ApiResponse.ok(Views.wrap("endpoint_group", view(req, filters.group(req.param("id")))));
  }

  private ApiResponse update(ApiRequest req) {
    policy.enforce("identity:update_endpoint_group", req.context());
    EndpointGroup before = filters.group(req.param("id"));
    Body b = Body.root(req.json(), "endpoint_group").onlyFields(FIELDS);
    CatalogRequests.requireSomething(b, "endpoint_group");
    CatalogRequests.requireMatchingId(b, before.id());
    String name = b.has("name") ? CatalogRequests.name(b, "name", true) : before.name();
    String description = b.has("description") ? b.nullableString("description", 65535).orElse(null)
        : before.description();
    ObjectNode f = b.has("filters")
        ? CatalogRequests.bounded(Body.of(b.raw("filters"), "filters").node(), "filters")
        : before.filters();
    EndpointGroup after = filters.updateGroup(new EndpointGroup(before.id(), name, description, f));
    return ApiResponse.ok(Views.wrap("endpoint_group", view(req, after)));
  }

  private ApiResponse delete(ApiRequest req) {
    policy.enforce("identity:delete_endpoint_group", req.context());
    filters.deleteGroup(req.param("id"));
    return ApiResponse.noContent();
  }

  private ApiResponse projectsOfGroup(ApiRequest req) {
    policy.enforce("identity:list_projects_associated_with_endpoint_group", req.context());
    return ApiResponse.ok(Views.collection(req, "projects", filters.projectsOf(req.param("id")),
        p -> ProjectResource.view(req, p)));
  }

  private ApiResponse endpointsOfGroup(ApiRequest req) {
    policy.enforce("identity:list_endpoints_associated_with_endpoint_group", req.context());
    EndpointGroup g = filters.group(req.param("id"));
    return ApiResponse.ok(Views.collection(req, "endpoints", filters.endpointsOf(g),
        e -> EndpointResource.view(req, e)));
  }

  private ApiResponse showGroupProject(ApiRequest req) {
    policy.enforce("identity:get_endpoint_group_in_project", req.context());
    String gid = req.param("id");
    String pid = req.param("project_id");
    filters.checkGroupInProject(gid, pid);
    ObjectNode o = Json.object();
    o.put("endpoint_group_id", gid);
    o.put("project_id", pid);
    o.set("links", Views.selfLink(req, PREFIX + "/endpoint_groups/" + gid + "/projects/" + pid));
    return ApiResponse.ok(Views.wrap("project_endpoint_group", o));
  }

  private ApiResponse addGroupProject(ApiRequest req) {
    policy.enforce("identity:add_endpoint_group_to_project", req.context());
    filters.addGroupToProject(req.param("id"), req.param("project_id"));
    return ApiResponse.noContent();
  }

  private ApiResponse removeGroupProject(ApiRequest req) {
    policy.enforce("identity:remove_endpoint_group_from_project", req.context());
    filters.removeGroupFromProject(req.param("id"), req.param("project_id"));
    return ApiResponse.noContent();
  }

  private ApiResponse groupsOfProject(ApiRequest req) {
    policy.enforce("identity:list_endpoint_groups_for_project", req.context());
    return ApiResponse.ok(Views.collection(req, "endpoint_groups",
        filters.groupsOf(req.param("project_id")), g -> view(req, g)));
  }

  private ApiResponse endpointsOfProject(ApiRequest req) {
    policy.enforce("identity:list_endpoints_for_project", req.context());
    return ApiResponse.ok(Views.collection(req, "endpoints",
        filters.endpointsOfProject(req.param("project_id")), e -> EndpointResource.view(req, e)));
  }

  private ApiResponse checkProjectEndpoint(ApiRequest req) {
    policy.enforce("identity:check_endpoint_in_project", req.context());
    filters.checkEndpointInProject(req.param("project_id"), req.param("endpoint_id"));
    return ApiResponse.noContent();
  }

  private ApiResponse addProjectEndpoint(ApiRequest req) {
    policy.enforce("identity:add_endpoint_to_project", req.context());
    filters.addEndpointToProject(req.param("project_id"), req.param("endpoint_id"));
    return ApiResponse.noContent();
  }

  private ApiResponse removeProjectEndpoint(ApiRequest req) {
    policy.enforce("identity:remove_endpoint_from_project", req.context());
    filters.removeEndpointFromProject(req.param("project_id"), req.param("endpoint_id"));
    return ApiResponse.noContent();
  }

  private ApiResponse projectsOfEndpoint(ApiRequest req) {
    policy.enforce("identity:list_projects_for_endpoint", req.context());
    return ApiResponse.ok(Views.collection(req, "projects",
        filters.projectsOfEndpoint(req.param("endpoint_id")), p -> ProjectResource.view(req, p)));
  }

  /** The endpoint group as Keystone shows it. */
  static ObjectNode view(ApiRequest req, EndpointGroup g) {
    ObjectNode o = Json.object();
    o.put("id", g.id());
    o.put("name", g.name());
    o.put("description", g.description());
    o.set("filters", g.filters());
    o.set("links", Views.selfLink(req, PREFIX + "/endpoint_groups/" + g.id()));
    return o;
  }
}
