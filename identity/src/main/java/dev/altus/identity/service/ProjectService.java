package dev.altus.identity.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.identity.model.Project;
import dev.altus.identity.store.CredentialStore;
import dev.altus.identity.store.GroupStore;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.RoleStore;
import dev.altus.identity.store.UserStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Rules for projects and domains: naming, hierarchy, enabling, cascading deletes. */
public final class ProjectService {
  private final Jdbi jdbi;
  private final ProjectStore projects;
  private final RoleStore roles;
  private final TokenService tokens;

  public ProjectService(Jdbi jdbi, ProjectStore projects, RoleStore roles, TokenService tokens) {
    this.jdbi = Objects.requireNonNull(jdbi);
    this.projects = Objects.requireNonNull(projects);
    this.roles = Objects.requireNonNull(roles);
    this.tokens = Objects.requireNonNull(tokens);
  }

  public Project get(String id) {
    return projects.find(id).filter(p -> !p.isDomain())
        .orElseThrow(() -> ApiException.notFound("Could not find project: " + id + "."));
  }

  /** A project or a domain (an is_domain project). */
  public Project getAny(String id) {
    return projects.find(id)
        .orElseThrow(() -> ApiException.notFound("Could not find project: " + id + "."));
  }

  public Project getDomain(String id) {
    return projects.find(id).filter(Project::isDomain)
        .orElseThrow(() -> ApiException.notFound("Could not find domain: " + id + "."));
  }

  public List<Project> listProjects() {
    return projects.list(false);
  }

  public List<Project> listDomains() {
    return projects.list(true);
  }

  /** Creates a domain, or a project acting as one. */
  public Project createDomain(String id, String name, boolean enabled, String description,
      ObjectNode extra, List<String> tags) {
    if (projects.findByName(Project.ROOT, name).isPresent()) {
      throw ApiException.conflict("Conflict occurred attempting to store domain - Duplicate entry found with name " + name + ".");
    }
    Project d = new Project(id == null ? Ids.newId() : id, name, Project.ROOT, null, true, enabled,
        description, extra, tags == null ? List.of() : tags);
    insert(d);
    return projects.find(d.id()).orElseThrow();
  }

  public Project createProject(String name, String domainId, String parentId, boolean enabled,
      String description, ObjectNode extra, List<String> tags) {
    String domain = domainId;
    if (parentId != null) {
      Project parent = projects.find(parentId)
          .orElseThrow(() -> ApiException.notFound("Could not find project: " + parentId + "."));
      String parentDomain = parent.isDomain() ? parent.id() : parent.domainId();
      if (domain != null && !domain.equals(parentDomain)) {
        throw ApiException.badRequest("Cannot create project, the parent (" + parentId
            + ") is in a different domain (" + parentDomain + ") than the one requested (" + domain + ").");
      }
      domain = parentDomain;
    }
    if (domain == null) {
      domain = Project.DEFAULT_DOMAIN;
    }
    Project d = getDomainForCreate(domain);
    String parent = parentId == null ? d.id() : parentId;
    if (projects.findByName(d.id(), name).isPresent()) {
      throw ApiException.conflict("Conflict occurred attempting to store project - Duplicate entry found with name " + name + " at domain ID " + d.id() + ".");
    }
    Project p = new Project(Ids.newId(), name, d.id(), parent, false, enabled, description, extra,
        tags == null ? List.of() : tags);
    insert(p);
    return projects.find(p.id()).orElseThrow();
  }

  private Project getDomainForCreate(String id) {
    return projects.find(id).filter(Project::isDomain)
        .orElseThrow(() -> ApiException.badRequest("Could not find domain: " + id + "."));
  }

  private void insert(Project p) {
    validateTags(p.tags());
    try {
      projects.insert(p);
    } catch (RuntimeException e) {
      if (isUnique(e)) {
        throw ApiException.conflict("Conflict occurred attempting to store project - Duplicate entry found with name " + p.name() + ".");
      }
      throw e;
    }
  }

  public Project update(Project before, Project after) {
    if (!before.name().equals(after.name())
        && projects.findByName(before.domainId(), after.name()).isPresent()) {
      throw ApiException.conflict("Conflict occurred attempting to update " + (before.isDomain() ? "domain" : "project")
          + " - Duplicate entry found with name " + after.name() + ".");
    }
    validateTags(after.tags());
    projects.update(after);
    if (before.enabled() && !after.enabled()) {
      if (before.isDomain()) {
        tokens.revokeDomain(before.id());
      } else {
        tokens.revokeProject(before.id());
      }
    }
    return projects.find(before.id()).orElseThrow();
  }

  /** Deletes a project; one with child projects cannot be deleted. */
  public void deleteProject(String id) {
    Project p = get(id);
    if (!projects.children(p.id()).isEmpty()) {
      throw ApiException.forbidden("Cannot delete project " + id + ": it has child projects. Delete them first.");
    }
    jdbi.useTransaction(h -> deleteProjectRows(h, id));
    tokens.revokeProject(id);
  }

  /**
   * Deletes a project with the assignments on it, the credentials bound to it and its endpoint
   * filter associations.
   */
  private void deleteProjectRows(Handle h, String projectId) {
    h.createUpdate("DELETE FROM assignment WHERE target_id = :t").bind("t", projectId).execute();
    h.createUpdate("DELETE FROM project_endpoint WHERE project_id = :p").bind("p", projectId).execute();
    h.createUpdate("DELETE FROM project_endpoint_group WHERE project_id = :p").bind("p", projectId).execute();
    CredentialStore.deleteForProject(h, projectId);
    projects.delete(h, projectId);
  }

  /**
   * Deletes a disabled domain with everything in it: its projects (deepest first, with their
   * assignments and credentials), its users and groups (with their assignments, memberships and
   * credentials), its domain-specific roles, its configuration and the assignments on it.
   */
  public void deleteDomain(String id) {
    Project d = getDomain(id);
    if (d.enabled()) {
      throw ApiException.forbidden("Cannot delete a domain that is enabled, please disable it first.");
    }
    if (Project.DEFAULT_DOMAIN.equals(id)) {
      throw ApiException.forbidden("The Default domain cannot be deleted.");
    }
    List<Project> inDomain = new ArrayList<>();
    for (Project p : projects.list(false)) {
      if (p.domainId().equals(id)) {
        inDomain.add(p);
      }
    }
    List<String> deepestFirst = deepestFirst(inDomain);
    jdbi.useTransaction(h -> {
      for (String uid : UserStore.idsInDomain(h, id)) {
        UserStore.deleteRows(h, uid);
      }
      for (String gid : GroupStore.idsInDomain(h, id)) {
        GroupStore.deleteRows(h, gid);
      }
      for (String pid : deepestFirst) {
        deleteProjectRows(h, pid);
      }
      h.createUpdate("DELETE FROM role WHERE domain_id = :d").bind("d", id).execute();
      h.createUpdate("DELETE FROM domain_config WHERE domain_id = :d").bind("d", id).execute();
      h.createUpdate("DELETE FROM assignment WHERE target_id = :d").bind("d", id).execute();
      projects.delete(h, id);
    });
    // Tokens of the deleted users and projects no longer validate: their user or project is gone.
    tokens.revokeDomain(id);
  }

  /** Project ids ordered so that every project comes before its parent. */
  private static List<String> deepestFirst(List<Project> ps) {
    Map<String, Project> byId = new HashMap<>();
    ps.forEach(p -> byId.put(p.id(), p));
    Map<String, Integer> depth = new HashMap<>();
    for (Project p : ps) {
      int n = 0;
      Set<String> seen = new HashSet<>();
      for (Project cur = p; cur != null && seen.add(cur.id()); cur = byId.get(cur.parentId())) {
        n++;
      }
      depth.put(p.id(), n);
    }
    return ps.stream().map(Project::id)
        .sorted(Comparator.comparing((String pid) -> depth.get(pid)).reversed())
        .toList();
  }

  /** Ids of the project's ancestors, nearest first, up to (not including) its domain. */
  public List<Project> parents(Project p) {
    List<Project> out = new ArrayList<>();
    String cur = p.parentId();
    while (cur != null && !cur.equals(p.domainId())) {
      Project x = projects.find(cur).orElse(null);
      if (x == null) {
        break;
      }
      out.add(x);
      cur = x.parentId();
    }
    return out;
  }

  /** Every project below {@code p}. */
  public List<Project> subtree(Project p) {
    List<Project> out = new ArrayList<>();
    for (Project c : projects.children(p.id())) {
      if (c.isDomain()) {
        continue;
      }
      out.add(c);
      out.addAll(subtree(c));
    }
    return out;
  }

  static void validateTags(List<String> tags) {
    if (tags == null) {
      return;
    }
    if (tags.size() > 80) {
      throw ApiException.badRequest("A project may have at most 80 tags.");
    }
    for (String t : tags) {
      if (t.isEmpty() || t.length() > 255 || t.contains("/") || t.contains(",")) {
        throw ApiException.badRequest("Invalid tag '" + t + "': tags are 1 to 255 characters without '/' or ','.");
      }
    }
  }

  static boolean isUnique(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase();
      if (m.contains("unique") || m.contains("duplicate") || m.contains("primary key")) {
        return true;
      }
    }
    return false;
  }
}
