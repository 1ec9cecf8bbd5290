package dev.altus.identity.service;

import dev.altus.common.error.ApiException;
import dev.altus.identity.model.Role;
import dev.altus.identity.store.RoleStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Role inference rules ("prior implies implied"). A rule may not name a prohibited role (admin) as
 * the implied one, a global role may not imply a domain-specific one, and no rule may close a cycle.
 */
public final class ImpliedRoleService {
  /** Roles that no rule may imply, as Keystone's default {@code prohibited_implied_role}. */
  public static final Set<String> PROHIBITED_IMPLIED = Set.of("admin");

  /** One prior role with the roles it directly implies. */
  public record Inference(Role prior, List<Role> implies) {}

  private final RoleStore roles;

  public ImpliedRoleService(RoleStore roles) {
    this.roles = Objects.requireNonNull(roles);
  }

  public Role role(String id) {
    return roles.find(id).orElseThrow(() -> ApiException.notFound("Could not find role: " + id + "."));
  }

  /** Adds a rule; adding an existing rule again changes nothing. */
  public void create(Role prior, Role implied) {
    if (PROHIBITED_IMPLIED.contains(implied.name())) {
      throw ApiException.forbidden(implied.id() + " cannot be an implied role: the role "
          + implied.name() + " may not be implied by another role.");
    }
    if (prior.domainId() == null && implied.domainId() != null) {
      throw ApiException.forbidden("Global role cannot imply a domain-specific role: "
          + implied.id() + " cannot be an implied role of " + prior.id() + ".");
    }
    if (roles.hasImplied(prior.id(), implied.id())) {
      return;
    }
    if (prior.id().equals(implied.id()) || reaches(implied.id(), prior.id())) {
      throw ApiException.badRequest("Role " + prior.id() + " implying role " + implied.id()
          + " would create a cycle of implied roles.");
    }
    try {
      roles.addImplied(prior.id(), implied.id());
    } catch (RuntimeException e) {
      if (!roles.hasImplied(prior.id(), implied.id())) {
        throw e;
      }
    }
  }

  /** Checks that the rule exists; a 404 otherwise. */
  public void check(Role prior, Role implied) {
    if (!roles.hasImplied(prior.id(), implied.id())) {
      throw notFound(prior.id(), implied.id());
    }
  }

  public void delete(Role prior, Role implied) {
    if (!roles.removeImplied(prior.id(), implied.id())) {
      throw notFound(prior.id(), implied.id());
    }
  }

  /** The roles {@code prior} directly implies. */
  public List<Role> impliedBy(Role prior) {
    return roles.implications().getOrDefault(prior.id(), Set.of()).stream()
        .map(id -> roles.find(id).orElse(null))
        .filter(Objects::nonNull)
        .toList();
  }

  /** Every rule, grouped by prior role. */
  public List<Inference> all() {
    Map<String, Role> byId = new LinkedHashMap<>();
    roles.list().forEach(r -> byId.put(r.id(), r));
    return roles.implications().entrySet().stream()
        .filter(e -> byId.containsKey(e.getKey()))
        .map(e -> new Inference(byId.get(e.getKey()),
            e.getValue().stream().map(byId::get).filter(Objects::nonNull).toList()))
        .toList();
  }

  /** Whether {@code to} is reachable from {@code from} through the existing rules. */
  private boolean reaches(String from, String to) {
    Map<String, Set<String>> rules = roles.implications();
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(from));
    while (!todo.isEmpty()) {
      String cur = todo.pop();
      if (cur.equals(to)) {
        return true;
      }
      if (seen.add(cur)) {
        todo.addAll(rules.getOrDefault(cur, Set.of()));
      }
    }
    return false;
  }

  private static ApiException notFound(String prior, String implied) {
    return ApiException.notFound(prior + " does not imply " + implied + ".");
  }
}
