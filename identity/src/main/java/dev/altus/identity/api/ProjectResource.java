package dev.altus.identity.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Body;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.identity.model.Project;
import dev.altus.identity.service.ProjectService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v3/projects} and project tags. */
public final class ProjectResource implements IdentityResource {
  private static final Set<String> KNOWN =
      Set.of("name", "domain_id", "parent_id", "is_domain", "enabled", "description", "tags", "options", "id", "links");
  private final ProjectService projects;
  private final PolicyEngine policy;

  public ProjectResource(ProjectService projects, PolicyEngine policy) {
    this.projects = projects;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    String owner = "rule:admin_required or project_id:%(target.project.id)s";
    return Map.ofEntries(
        Map.entry("identity:get_project", owner),
        Map.entry("identity:list_projects", "rule:admin_required or (role:reader and domain_id:%(target.domain_id)s)"),
        Map.entry("identity:create_project", "rule:admin_required"),
        Map.entry("identity:update_project", "rule:admin_required"),
        Map.entry("identity:delete_project", "rule:admin_required"),
        Map.entry("identity:list_project_tags", owner),
        Map.entry("identity:get_project_tag", owner),
        Map.entry("identity:update_project_tags", "rule:admin_required"),
        Map.entry("identity:create_project_tag", "rule:admin_required"),
        Map.entry("identity:delete_project_tags", "rule:admin_required"),
        Map.entry("identity:delete_project_tag", "rule:admin_required"));
  }

  @Override
  public void routes(Router r) {
    r.post("/v3/projects", this::create);
    r.get("/v3/projects", this::list);
    r.get("/v3/projects/{id}", this::show);
    r.patch("/v3/projects/{id}", this::update);
    r.delete("/v3/projects/{id}", this::delete);
    r.get("/v3/projects/{id}/tags", this::listTags);
    r.put("/v3/projects/{id}/tags", this::replaceTags);
    r.delete("/v3/projects/{id}/tags", this::deleteTags);
    r.get("/v3/projects/{id}/tags/{tag}", this::checkTag);
    r.put("/v3/projects/{id}/tags/{tag}", this::addTag);
    r.delete("/v3/projects/{id}/tags/{tag}", this::deleteTag);
  }

  private Map<String, Object> target(Project p) {
    return Map.of("target.project.id", p.id(), "target.project.domain_id", p.domainId(),
        "target.domain_id", p.domainId());
  }

  private ApiResponse create(ApiRequest req) {
    policy.enforce("identity:create_project", req.context());
    Body b = Body.root(req.json(), "project");
    String name = b.requiredString("name", 1, 64);
    if (name.isBlank()) {
      throw ApiException.badRequest("Invalid input for field 'name': the name must not be blank.");
    }
    boolean enabled = b.optionalBoolean("enabled").orElse(true);
    boolean isDomain = b.optionalBoolean("is_domain").orElse(false);
    String description = b.nullableString("description", 65535).orElse(null);
    List<String> tags = b.optionalStringList("tags").orElse(List.of());
    String domainId = b.nullableString("domain_id", 64).orElse(null);
    String parentId = b.nullableString("parent_id", 64).orElse(null);
    ObjectNode extra = b.extras(KNOWN);
    Project p;
    if (isDomain) {
      p = projects.createDomain(null, name, enabled, description, extra, tags);
    } else {
      if (domainId == null && parentId == null && req.context().domainId() != null) {
        domainId = req.context().domainId();
      }
      p = projects.createProject(name, domainId, parentId, enabled, description, extra, tags);
    }
    return ApiResponse.created(Views.wrap("project", view(req, p)));
  }

  private ApiResponse list(ApiRequest req) {
    String domainFilter = req.queryParam("domain_id").orElse(null);
    policy.enforce("identity:list_projects", req.context(),
        domainFilter == null ? Map.of() : Map.of("target.domain_id", domainFilter));
    boolean isDomain = req.queryBoolean("is_domain").orElse(false);
    List<Project> all = isDomain ? projects.listDomains() : projects.listProjects();
    List<Project> out = new ArrayList<>();
    Set<String> tagsAll = tags(req, "tags");
    Set<String> tagsAny = tags(req, "tags-any");
    Set<String> notAll = tags(req, "not-tags");
    Set<String> notAny = tags(req, "not-tags-any");
    var name = req.queryParam("name");
    var parent = req.queryParam("parent_id");
    var enabled = req.queryBoolean("enabled");
    for (Project p : all) {
      if (name.isPresent() && !name.get().equals(p.name())) {
        continue;
      }
      if (domainFilter != null && !domainFilter.equals(p.domainId())) {
        continue;
      }
      if (parent.isPresent() && !parent.get().equals(p.parentId())) {
        continue;
      }
      if (enabled.isPresent() && enabled.get() != p.enabled()) {
        continue;
      }
      Set<String> have = new HashSet<>(p.tags());
      if (!tagsAll.isEmpty() && !have.containsAll(tagsAll)) {
        continue;
      }
      if (!tagsAny.isEmpty() && tagsAny.stream().noneMatch(have::contains)) {
        continue;
      }
      if (!notAll.isEmpty() && have.containsAll(notAll)) {
        continue;
      }
      if (!notAny.isEmpty() && notAny.stream().anyMatch(have::contains)) {
        continue;
      }
      out.add(p);
    }
    return ApiResponse.ok(Views.collection(req, "projects", out, p -> view(req, p)));
  }

  private static Set<String> tags(ApiRequest req, String key) {
    return req.queryParam(key).map(s -> new HashSet<>(Arrays.asList(s.split(",")))).orElse(new HashSet<>());
  }

  private ApiResponse show(ApiRequest req) {
    Project p = projects.getAny(req.param("id"));
    policy.enforce("identity:get_project", req.context(), target(p));
    ObjectNode v = view(req, p);
    if (req.queryFlag("parents_as_ids")) {
      v.set("parents", parentsAsIds(p));
    }
    if (req.queryFlag("parents_as_list")) {
      ArrayNode a = v.putArray("parents");
      projects.parents(p).forEach(x -> a.addObject().set("project", view(req, x)));
    }
    if (req.queryFlag("subtree_as_ids")) {
      v.set("subtree", subtreeAsIds(p));
    }
    if (req.queryFlag("subtree_as_list")) {
      ArrayNode a = v.putArray("subtree");
      projects.subtree(p).forEach(x -> a.addObject().set("project", view(req, x)));
    }
    return ApiResponse.ok(Views.wrap("project", v));
  }

  private ObjectNode parentsAsIds(Project p) {
    List<Project> chain = projects.parents(p);
    ObjectNode node = null;
    for (int i = chain.size() - 1; i >= 0; i--) {
      ObjectNode n = Json.object();
      if (node == null) {
        n.putNull(chain.get(i).id());
      } else {
        n.set(chain.get(i).id(), node);
      }
      node = n;
    }
    return node == null ? Json.object() : node;
  }

  private ObjectNode subtreeAsIds(Project p) {
    ObjectNode n = Json.object();
    for (Project c : projects.subtree(p)) {
      if (p.id().equals(c.parentId())) {
        ObjectNode sub = subtreeAsIds(c);
        if (sub.isEmpty()) {
          n.putNull(c.id());
        } else {
          n.set(c.id(), sub);
        }
      }
    }
    return n;
  }

  private ApiResponse update(ApiRequest req) {
    Project before = projects.getAny(req.param("id"));
    policy.enforce("identity:update_project", req.context(), target(before));
    Body b = Body.root(req.json(), "project");
    if (b.has("domain_id") && !String.valueOf(b.raw("domain_id").asText()).equals(before.domainId())) {
      throw ApiException.badRequest("Updating a project's domain_id is not allowed.");
    }
    if (b.has("parent_id") && !b.raw("parent_id").asText().equals(String.valueOf(before.parentId()))) {
      throw ApiException.forbidden("Updating a project's parent_id is not allowed.");
    }
    if (b.has("is_domain") && b.optionalBoolean("is_domain").orElse(false) != before.isDomain()) {
      throw ApiException.badRequest("Updating a project's is_domain is not allowed.");
    }
    String name = b.optionalString("name", 1, 64).orElse(before.name());
    boolean enabled = b.optionalBoolean("enabled").orElse(before.enabled());
    String description = b.has("description") ? b.nullableString("description", 65535).orElse(null)
        : before.description();
    List<String> tags = b.optionalStringList("tags").orElse(before.tags());
    ObjectNode extra = before.extra().deepCopy();
    extra.setAll(b.extras(KNOWN));
    Project after = new Project(before.id(), name, before.domainId(), before.parentId(),
        before.isDomain(), enabled, description, extra, tags);
    return ApiResponse.ok(Views.wrap("project", view(req, projects.update(before, after))));
  }

  private ApiResponse delete(ApiRequest req) {
    Project p = projects.getAny(req.param("id"));
    policy.enforce("identity:delete_project", req.context(), target(p));
    if (p.isDomain()) {
      projects.deleteDomain(p.id());
    } else {
      projects.deleteProject(p.id());
    }
    return ApiResponse.noContent();
  }

  private ApiResponse listTags(ApiRequest req) {
    Project p = projects.getAny(req.param("id"));
    policy.enforce("identity:list_project_tags", req.context(), target(p));
    return ApiResponse.ok(tagsBody(p.tags()));
  }

  private ApiResponse replaceTags(ApiRequest req) {
    Project p = projects.getAny(req.param("id"));
    policy.enforce("identity:update_project_tags", req.context(), target(p));
    var doc = req.json();
    List<String> tags = Body.of(doc, "body").optionalStringList("tags")
        .orElseThrow(() -> ApiException.badRequest("'tags' is a required property"));
    Project after = projects.update(p, p.withTags(List.copyOf(new java.util.LinkedHashSet<>(tags))));
    return ApiResponse.ok(tagsBody(after.tags()));
  }

  private ApiResponse deleteTags(ApiRequest req) {
    Project p = projects.getAny(req.param("id"));
    policy.enforce("identity:delete_project_tags", req.context(), target(p));
    projects.update(p, p.withTags(List.of()));
    return ApiResponse.noContent();
  }

  private ApiResponse checkTag(ApiRequest req) {
    Project p = projects.getAny(req.param("id"));
    policy.enforce("identity:get_project_tag", req.context(), target(p));
    if (!p.tags().contains(req.param("tag"))) {
      throw ApiException.notFound("Tag " + req.param("tag") + " not found on project " + p.id() + ".");
    }
    return ApiResponse.noContent();
  }

  private ApiResponse addTag(ApiRequest req) {
    Project p = projects.getAny(req.param("id"));
    policy.enforce("identity:create_project_tag", req.context(), target(p));
    List<String> tags = new ArrayList<>(p.tags());
    if (!tags.contains(req.param("tag"))) {
      tags.add(req.param("tag"));
    }
    projects.update(p, p.withTags(tags));
    return ApiResponse.empty(201).header("Location",
        Views.base(req) + "/v3/projects/" + p.id() + "/tags/" + req.param("tag"));
  }

  private ApiResponse deleteTag(ApiRequest req) {
    Project p = projects.getAny(req.param("id"));
    policy.enforce("identity:delete_project_tag", req.context(), target(p));
    if (!p.tags().contains(req.param("tag"))) {
      throw ApiException.notFound("Tag " + req.param("tag") + " not found on project " + p.id() + ".");
    }
    List<String> tags = new ArrayList<>(p.tags());
    tags.remove(req.param("tag"));
    projects.update(p, p.withTags(tags));
    return ApiResponse.noContent();
  }

  private static ObjectNode tagsBody(List<String> tags) {
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray("tags");
    tags.forEach(a::add);
    return o;
  }

  /** The project as Keystone shows it. */
  public static ObjectNode view(ApiRequest req, Project p) {
    ObjectNode o = Json.object();
    o.setAll(p.extra());
    o.put("id", p.id());
    o.put("name", p.name());
    o.put("domain_id", p.isDomain() ? null : p.domainId());
    o.put("description", p.description() == null ? "" : p.description());
    o.put("enabled", p.enabled());
    o.put("parent_id", p.isDomain() ? null : p.parentId());
    o.put("is_domain", p.isDomain());
    ArrayNode tags = o.putArray("tags");
    p.tags().forEach(tags::add);
    o.putObject("options");
    o.set("links", Views.selfLink(req, "/v3/projects/" + p.id()));
    return o;
  }
}
