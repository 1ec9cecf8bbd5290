package dev.altus.identity.service;

import dev.altus.common.json.Json;
import dev.altus.identity.model.Project;
import dev.altus.identity.model.Role;
import dev.altus.identity.model.User;
import dev.altus.identity.store.CatalogStore;
import dev.altus.identity.store.ProjectStore;
import dev.altus.identity.store.RoleStore;
import dev.altus.identity.store.UserStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code keystone-manage bootstrap} and DevStack's demo set-up create, idempotently: the
 * Default domain; roles admin, member, reader (admin implies member implies reader) and service;
 * projects admin, service and demo; users admin (admin role) and demo (member role); the region and
 * the catalog entries of each service. Passwords of new users are random unless given.
 */
public final class Bootstrap {
  /** The passwords of the users this run created (empty if they already existed). */
  public record Result(Optional<String> adminPassword, Optional<String> demoPassword) {}

  private final ProjectStore projects;
  private final UserStore users;
  private final RoleStore roles;
  private final CatalogStore catalog;
  private final PasswordHasher hasher;

  public Bootstrap(ProjectStore projects, UserStore users, RoleStore roles, CatalogStore catalog,
      PasswordHasher hasher) {
    this.projects = projects;
    this.users = users;
    this.roles = roles;
    this.catalog = catalog;
    this.hasher = hasher;
  }

  public Result run(String adminPassword, String demoPassword, String region) {
    // bcrypt is the slow part of a first start: hash both passwords at once, beside the other work
    Optional<Pending> adminPw = pending("admin", adminPassword);
    Optional<Pending> demoPw = pending("demo", demoPassword);
    if (projects.find(Project.DEFAULT_DOMAIN).isEmpty()) {
      projects.insert(new Project(Project.DEFAULT_DOMAIN, "Default", Project.ROOT, null, true, true,
          "The default domain", Json.object(), List.of()));
    }
    Role admin = role("admin");
    Role member = role("member");
    Role reader = role("reader");
    role("service");
    imply(admin, member);
    imply(member, reader);
    Project adminProject = project("admin", "Bootstrap project for initializing the cloud.");
    project("service", "Project for the cloud's service users.");
    Project demoProject = project("demo", "Demo project for a first look at the cloud.");
    Optional<String> ap = user("admin", adminPw, adminProject);
    Optional<String> dp = user("demo", demoPw, demoProject);
    User adminUser = users.findByName(Project.DEFAULT_DOMAIN, "admin").orElseThrow();
    User demoUser = users.findByName(Project.DEFAULT_DOMAIN, "demo").orElseThrow();
    roles.grant(new RoleStore.Assignment("UserProject", adminUser.id(), adminProject.id(), admin.id(), false));
    roles.grant(new RoleStore.Assignment("UserSystem", adminUser.id(), AssignmentService.SYSTEM, admin.id(), false));
    roles.grant(new RoleStore.Assignment("UserProject", demoUser.id(), demoProject.id(), member.id(), false));
    if (catalog.region(region).isEmpty()) {
      catalog.insertRegion(new CatalogStore.Region(region, "", null, Json.object()));
    }
    return new Result(ap, dp);
  }

  /**
   * Registers a service and its public, internal and admin endpoints, or updates their URLs. Each
   * service of the all-in-one cloud calls this at start.
   */
  public void registerService(String type, String name, String description, String region,
      Map<String, String> urls) {
    CatalogStore.Service svc = catalog.services().stream()
        .filter(s -> s.type().equals(type) && s.name().equals(name)).findFirst()
        .orElseGet(() -> {
          var extra = Json.object().put("name", name).put("description", description);
          var s = new CatalogStore.Service(Ids.newId(), type, true, extra);
          catalog.insertService(s);
          return s;
        });
    for (Map.Entry<String, String> e : urls.entrySet()) {
      Optional<CatalogStore.Endpoint> existing = catalog.endpoints().stream()
          .filter(x -> x.serviceId().equals(svc.id()) && x.iface().equals(e.getKey())
              && region.equals(x.regionId()))
          .findFirst();
      if (existing.isEmpty()) {
        catalog.insertEndpoint(new CatalogStore.Endpoint(Ids.newId(), svc.id(), region, e.getKey(),
            e.getValue(), true, Json.object()));
      } else if (!existing.get().url().equals(e.getValue())) {
        var x = existing.get();
        catalog.updateEndpoint(new CatalogStore.Endpoint(x.id(), x.serviceId(), x.regionId(),
            x.iface(), e.getValue(), x.enabled(), x.extra()));
      }
    }
  }

  private Role role(String name) {
    return roles.findByName(name, null).orElseGet(() -> {
      Role r = new Role(Ids.newId(), name, null, null, Json.object(), Json.object());
      roles.insert(r);
      return r;
    });
  }

  private void imply(Role prior, Role implied) {
    if (!roles.implications().getOrDefault(prior.id(), java.util.Set.of()).contains(implied.id())) {
      roles.addImplied(prior.id(), implied.id());
    }
  }

  private Project project(String name, String description) {
    return projects.findByName(Project.DEFAULT_DOMAIN, name).orElseGet(() -> {
      Project p = new Project(Ids.newId(), name, Project.DEFAULT_DOMAIN, Project.DEFAULT_DOMAIN,
          false, true, description, Json.object(), List.of());
      projects.insert(p);
      return p;
    });
  }

  /** A password chosen for a user that does not exist yet, and its hash being computed. */
  private record Pending(String password, CompletableFuture<String> hash) {}

  private Optional<Pending> pending(String name, String password) {
    if (users.findByName(Project.DEFAULT_DOMAIN, name).isPresent()) {
      return Optional.empty();
    }
    String pw = password != null && !password.isEmpty() ? password : randomPassword();
    return Optional.of(new Pending(pw, CompletableFuture.supplyAsync(() -> hasher.hash(pw),
        r -> Thread.ofPlatform().daemon().name("bootstrap-hash").start(r))));
  }

  private Optional<String> user(String name, Optional<Pending> pending, Project defaultProject) {
    if (pending.isEmpty() || users.findByName(Project.DEFAULT_DOMAIN, name).isPresent()) {
      return Optional.empty();
    }
    long now = System.currentTimeMillis();
    users.insert(new User(Ids.newId(), Project.DEFAULT_DOMAIN, name, true, defaultProject.id(),
        pending.get().hash().join(), null, now, Json.object(), Json.object()));
    return Optional.of(pending.get().password());
  }

  /** 20 random characters from an unambiguous alphabet. */
  public static String randomPassword() {
    String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    SecureRandom rnd = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
