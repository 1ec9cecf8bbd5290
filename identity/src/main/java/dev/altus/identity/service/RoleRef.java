package dev.altus.identity.service;

import dev.altus.common.error.ApiException;
import dev.altus.identity.model.Role;
import dev.altus.identity.store.RoleStore;

/** A role named in a delegation request: by id, or by the name of a global role. */
public record RoleRef(String id, String name) {
  /** The role; an unknown name is a 404 as Keystone answers. An unknown id is returned as is. */
  public String resolveId(RoleStore roles) {
    if (id != null) {
      return id;
    }
    return roles.findByName(name, null).map(Role::id)
        .orElseThrow(() -> ApiException.notFound("Could not find role: " + name + "."));
  }
}
