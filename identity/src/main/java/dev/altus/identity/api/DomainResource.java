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
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v3/domains}. */
public final class DomainResource implements IdentityResource {
  private static final Set<String> KNOWN =
      Set.of("name", "enabled", "description", "tags", "options", "id", "links", "explicit_domain_id");
  private final ProjectService projects;
  private final PolicyEngine policy;

  public DomainResource(ProjectService projects, PolicyEngine policy) {
    this.projects = projects;
    this.policy = policy;
  }

  @Override
  public Map<String, String> policies() {
    return Map.of(
        "identity:get_domain", "rule:admin_required or token.project.domain.id:%(target.domain.id)s or token.domain.id:%(target.domain.id)s",
        "identity:list_domains", "rule:admin_required or rule:system_reader",
        "identity:create_domain", "rule:admin_required",
        "identity:update_domain", "rule:admin_required",
        "identity:delete_domain", "rule:admin_required");
  }

  @Override
  public void routes(Router r) {
    r.post("/v3/domains", this::create);
    r.get("/v3/domains", this::list);
    r.get("/v3/domains/{id}", this::show);
    r.patch("/v3/domains/{id}", this::update);
    r.delete("/v3/domains/{id}", this::delete);
  }

  private ApiResponse create(ApiRequest req) {
    policy.enforce("identity:create_domain", req.context());
    Body b = Body.root(req.json(), "domain");
    String name = b.requiredString("name", 1, 64);
    if (name.isBlank()) {
      throw ApiException.badRequest("Invalid input for field 'name': the name must not be blank.");
    }
    String explicitId = b.optionalString("explicit_domain_id", 1, 64).orElse(null);
    Project d = projects.createDomain(explicitId, name, b.optionalBoolean("enabled").orElse(true),
        b.nullableString("description", 65535).orElse(null), b.extras(KNOWN),
        b.optionalStringList("tags").orElse(List.of()));
    return ApiResponse.created(Views.wrap("domain", view(req, d)));
  }

  private ApiResponse list(ApiRequest req) {
    policy.enforce("identity:list_domains", req.context());
    var name = req.queryParam("name");
    var enabled = req.queryBoolean("enabled");
    List<Project> out = projects.listDomains().stream()
        .filter(d -> name.isEmpty() || name.get().equals(d.name()))
        .filter(d -> enabled.isEmpty() || enabled.get() == d.enabled())
        .toList();
    return ApiResponse.ok(Views.collection(req, "domains", out, d -> view(req, d)));
  }

  private ApiResponse show(ApiRequest req) {
    Project d = projects.getDomain(req.param("id"));
    policy.enforce("identity:get_domain", req.context(), Map.of("target.domain.id", d.id()));
    return ApiResponse.ok(Views.wrap("domain", view(req, d)));
  }

  private ApiResponse update(ApiRequest req) {
    Project d = projects.getDomain(req.param("id"));
    policy.enforce("identity:update_domain", req.context(), Map.of("target.domain.id", d.id()));
    Body b = Body.root(req.json(), "domain");
    if (b.has("id") && !b.raw("id").asText().equals(d.id())) {
      throw ApiException.badRequest("A domain's id cannot be changed.");
    }
    String name = b.optionalString("name", 1, 64).orElse(d.name());
    boolean enabled = b.optionalBoolean("enabled").orElse(d.enabled());
    if (Project.DEFAULT_DOMAIN.equals(d.id()) && !enabled) {
      throw ApiException.forbidden("The Default domain cannot be disabled.");
    }
    String description = b.has("description") ? b.nullableString("description", 65535).orElse(null)
        : d.description();
    ObjectNode extra = d.extra().deepCopy();
    extra.setAll(b.extras(KNOWN));
    Project after = new Project(d.id(), name, d.domainId(), d.parentId(), true, enabled, description,
        extra, b.optionalStringList("tags").orElse(d.tags()));
    return ApiResponse.ok(Views.wrap("domain", view(req, projects.update(d, after))));
  }

  private ApiResponse delete(ApiRequest req) {
    Project d = projects.getDomain(req.param("id"));
    policy.enforce("identity:delete_domain", req.context(), Map.of("target.domain.id", d.id()));
    projects.deleteDomain(d.id());
    return ApiResponse.noContent();
  }

  /** The domain as Keystone shows it. */
  public static ObjectNode view(ApiRequest req, Project d) {
    ObjectNode o = Json.object();
    o.setAll(d.extra());
    o.put("id", d.id());
    o.put("name", d.name());
    o.put("description", d.description() == null ? "" : d.description());
    o.put("enabled", d.enabled());
    ArrayNode tags = o.putArray("tags");
    d.tags().forEach(tags::add);
    o.putObject("options");
    o.set("links", Views.selfLink(req, "/v3/domains/" + d.id()));
    return o;
  }
}
