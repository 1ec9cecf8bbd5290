package dev.altus.identity.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.Role;
import dev.altus.identity.store.CatalogStore;
import dev.altus.identity.store.ProjectStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Renders a validated token as Keystone's {@code {"token": {...}}} body, with its catalog. */
public final class TokenRenderer {
  private final ProjectStore projects;
  private final CatalogStore catalog;
  private volatile Function<TokenService.Validated, ObjectNode> extras = v -> Json.object();
  private volatile Function<String, Set<String>> projectEndpoints = p -> Set.of();

  public TokenRenderer(ProjectStore projects, CatalogStore catalog) {
    this.projects = projects;
    this.catalog = catalog;
  }

  /** Adds fields (OS-TRUST:trust, application_credential) for trust and app-cred tokens. */
  public void extras(Function<TokenService.Validated, ObjectNode> e) {
    this.extras = e;
  }

  /**
   * Sets how the ids of the endpoints a project is restricted to (OS-EP-FILTER) are found; an
   * empty set means no restriction.
   */
  public void projectEndpoints(Function<String, Set<String>> f) {
    this.projectEndpoints = f;
  }

  public ObjectNode render(TokenService.Validated v, boolean withCatalog) {
    ObjectNode t = Json.object();
    ArrayNode methods = t.putArray("methods");
    v.payload().methods().forEach(methods::add);
    ObjectNode user = t.putObject("user");
    user.set("domain", ref(v.user().domainId()));
    user.put("id", v.user().id());
    user.put("name", v.user().name());
    if (v.user().passwordExpiresAt() == null) {
      user.putNull("password_expires_at");
    } else {
      user.put("password_expires_at", Times.format(v.user().passwordExpiresAt()));
    }
    ArrayNode audit = t.putArray("audit_ids");
    v.payload().auditIds().forEach(audit::add);
    t.put("expires_at", Times.format(v.payload().expiresAt()));
    t.put("issued_at", Times.format(v.payload().issuedAt()));
    if (v.project() != null) {
      ObjectNode p = t.putObject("project");
      p.set("domain", ref(v.project().domainId()));
      p.put("id", v.project().id());
      p.put("name", v.project().name());
      t.put("is_domain", false);
    } else if (v.domain() != null) {
      ObjectNode d = t.putObject("domain");
      d.put("id", v.domain().id());
      d.put("name", v.domain().name());
    } else if (v.payload().system()) {
      t.putObject("system").put("all", true);
    }
    if (!v.payload().unscoped()) {
      ArrayNode roles = t.putArray("roles");
      for (Role r : v.roles()) {
        roles.addObject().put("id", r.id()).put("name", r.name());
      }
      if (withCatalog) {
        t.set("catalog", catalog(v.project() == null ? null : v.project().id()));
      }
    }
    t.setAll(extras.apply(v));
    ObjectNode body = Json.object();
    body.set("token", t);
    return body;
  }

  private ObjectNode ref(String domainId) {
    ObjectNode d = Json.object();
    d.put("id", domainId);
    d.put("name", projects.find(domainId).map(Project::name).orElse(domainId));
    return d;
  }

  /**
   * The service catalog: enabled services with their enabled endpoints. For a project with
   * endpoint filter associations only the associated endpoints appear, and services left without
   * endpoints are dropped.
   */
  public ArrayNode catalog(String projectId) {
    Set<String> only = projectId == null ? Set.of() : projectEndpoints.apply(projectId);
    Map<String, ArrayNode> byService = new LinkedHashMap<>();
    Map<String, ObjectNode> entries = new LinkedHashMap<>();
    List<CatalogStore.Endpoint> endpoints = catalog.endpoints();
    for (CatalogStore.Service s : catalog.services()) {
      if (!s.enabled()) {
        continue;
      }
      ObjectNode entry = Json.object();
      ArrayNode eps = entry.putArray("endpoints");
      byService.put(s.id(), eps);
      entries.put(s.id(), entry);
      entry.put("id", s.id());
      entry.put("type", s.type());
      entry.put("name", s.name());
    }
    for (CatalogStore.Endpoint e : endpoints) {
      ArrayNode eps = byService.get(e.serviceId());
      if (eps == null || !e.enabled() || (!only.isEmpty() && !only.contains(e.id()))) {
        continue;
      }
      String url = substitute(e.url(), projectId);
      if (url == null) {
        continue;
      }
      ObjectNode o = eps.addObject();
      o.put("id", e.id());
      o.put("interface", e.iface());
      o.put("region_id", e.regionId());
      o.put("url", url);
      o.put("region", e.regionId());
    }
    ArrayNode out = Json.array();
    entries.forEach((id, entry) -> {
      if (only.isEmpty() || !byService.get(id).isEmpty()) {
        out.add(entry);
      }
    });
    return out;
  }

  /**
   * An endpoint URL with {@code $(project_id)s} and {@code $(tenant_id)s} replaced by the token's
   * project, as Keystone renders catalogs (block storage URLs carry the project); null when the
   * URL needs a value this token has not (an unscoped token), so the endpoint is left out.
   */
  static String substitute(String url, String projectId) {
    if (!url.contains("$(")) {
      return url;
    }
    if (projectId == null) {
      return null;
    }
    String out = url.replace("$(project_id)s", projectId).replace("$(tenant_id)s", projectId);
    return out.contains("$(") ? null : out;
  }
}
