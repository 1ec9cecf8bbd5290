package dev.altus.compute.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.compute.model.Flavor;
import dev.altus.compute.store.FlavorStore;
import dev.altus.compute.store.Sql;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Flavors as Nova keeps them: anyone lists and shows the public flavors and the private ones
 * shared with their project; admins see all, create, delete, describe, set extra specs and share
 * private flavors with projects.
 */
public final class FlavorService {
  private static final Pattern ID = Pattern.compile("^(?! )[a-zA-Z0-9. _-]+(?<! )$");
  /** Nova's largest single-precision float, the upper bound of rxtx_factor. */
  public static final double MAX_RXTX = 3.40282e+38;

  private final FlavorStore store;
  private final ProjectDirectory projects;
  private final Clock clock;

  public FlavorService(FlavorStore store, ProjectDirectory projects, Clock clock) {
    this.store = store;
    this.projects = projects;
    this.clock = clock;
  }

  /**
   * A new flavor as asked for.
   *
   * @param id the id asked for, or null for a generated UUID
   */
  public record NewFlavor(String id, String name, int ramMb, int vcpus, int diskGb,
      int ephemeralGb, int swapMb, double rxtxFactor, boolean isPublic, String description) {}

  /**
   * The flavors the caller may list: admins choose with {@code isPublic} (null: all; true: the
   * public ones and those shared with their project; false: the private ones); others always get
   * the enabled public flavors and those shared with their project.
   */
  public List<Flavor> list(RequestContext ctx, Boolean isPublic, Integer minRam, Integer minDisk,
      String sortColumn, boolean descending) {
    FlavorStore.ListQuery q = ctx.isAdmin()
        ? new FlavorStore.ListQuery(isPublic, ctx.projectId(), false, minRam, minDisk, sortColumn,
            descending)
        : new FlavorStore.ListQuery(true, ctx.projectId(), true, minRam, minDisk, sortColumn,
            descending);
    return store.list(q);
  }

  /** A flavor the caller may see, else 404. */
  public Flavor get(RequestContext ctx, String id) {
    Flavor f = store.find(id).orElseThrow(() -> notFound(id));
    if (!ctx.isAdmin() && !f.isPublic()
        && (ctx.projectId() == null || !store.projectHasAccess(id, ctx.projectId()))) {
      throw notFound(id);
    }
    return f;
  }

  public Flavor create(NewFlavor n) {
    String id = n.id() == null ? UUID.randomUUID().toString() : n.id();
    if (!id.equals(id.strip())) {
      throw invalid("id cannot contain leading and/or trailing whitespace(s)");
    }
    if (id.isEmpty() || id.length() > 255) {
      throw invalid("id must be 1 to 255 characters long");
    }
    if (!ID.matcher(id).matches()) {
      throw invalid("Flavor id can only contain letters from A-Z (both cases), periods, dashes,"
          + " underscores and spaces.");
    }
    if (!(n.rxtxFactor() > 0) || n.rxtxFactor() > MAX_RXTX) {
      throw invalid("'rxtx_factor' argument must be a float between 0 and " + MAX_RXTX);
    }
    Flavor f = new Flavor(id, n.name(), n.vcpus(), n.ramMb(), n.diskGb(), n.ephemeralGb(),
        n.swapMb(), n.rxtxFactor(), n.isPublic(), false, n.description(), Map.of());
    try {
      store.insert(f, clock.millis());
    } catch (FlavorStore.Duplicate d) {
      throw ApiException.conflict(d.what().equals("id")
          ? "Flavor with ID " + id + " already exists."
          : "Flavor with name " + n.name() + " already exists.");
    }
    return f;
  }

  public void delete(String id) {
    if (!store.delete(id)) {
      throw notFound(id);
    }
  }

  public Flavor describe(String id, String description) {
    if (!store.updateDescription(id, description)) {
      throw notFound(id);
    }
    return store.find(id).orElseThrow(() -> notFound(id));
  }

  /** The extra specs of a flavor the caller may see. */
  public Map<String, String> specs(RequestContext ctx, String id) {
    return get(ctx, id).extraSpecs();
  }

  public String spec(RequestContext ctx, String id, String key) {
    String v = get(ctx, id).extraSpecs().get(key);
    if (v == null) {
      throw noSpec(id, key);
    }
    return v;
  }

  /** Adds or replaces extra specs; a concurrent write of the same new key is a 409. */
  public void putSpecs(RequestContext ctx, String id, Map<String, String> specs) {
    get(ctx, id);
    boolean found;
    try {
      found = store.putSpecs(id, new LinkedHashMap<>(specs));
    } catch (RuntimeException e) {
      if (!Sql.isConstraintViolation(e)) {
        throw e;
      }
      throw ApiException.conflict("Flavor " + id + " extra spec cannot be updated or created"
          + " after 10 retries.");
    }
    if (!found) {
      throw notFound(id);
    }
  }

  public void deleteSpec(RequestContext ctx, String id, String key) {
    get(ctx, id);
    if (!store.deleteSpec(id, key)) {
      throw noSpec(id, key);
    }
  }

  /** The projects a private flavor is shared with; a public flavor has no such list (404). */
  public List<String> access(RequestContext ctx, String id) {
    Flavor f = get(ctx, id);
    if (f.isPublic()) {
      throw ApiException.notFound("Access list not available for public flavors.");
    }
    return store.projects(id);
  }

  /**
   * Shares a flavor with a project.
   *
   * @param refusePublic refuse a public flavor with 409 (microversion 2.7 on)
   */
  public List<String> addAccess(RequestContext ctx, String id, String projectId,
      boolean refusePublic) {
    checkProject(projectId);
    Flavor f = get(ctx, id);
    if (refusePublic && f.isPublic()) {
      throw ApiException.conflict("Can not add access to a public flavor.");
    }
    boolean added;
    try {
      added = store.addProject(id, projectId);
    } catch (FlavorStore.Missing m) {
      throw notFound(id);
    }
    if (!added) {
      throw ApiException.conflict("Flavor access already exists for flavor " + id
          + " and project " + projectId + " combination.");
    }
    return store.projects(id);
  }

  public List<String> removeAccess(RequestContext ctx, String id, String projectId) {
    checkProject(projectId);
    get(ctx, id);
    if (!store.removeProject(id, projectId)) {
      throw ApiException.notFound("Flavor access not found for " + id + " / " + projectId
          + " combination.");
    }
    return store.projects(id);
  }

  private void checkProject(String projectId) {
    if (!projects.exists(projectId)) {
      throw ApiException.badRequest("Project ID " + projectId + " is not a valid project.");
    }
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Flavor " + id + " could not be found.");
  }

  private static ApiException noSpec(String id, String key) {
    return ApiException.notFound("Flavor " + id + " has no extra specs with key " + key + ".");
  }

  private static ApiException invalid(String reason) {
    return ApiException.badRequest("Invalid input received: " + reason);
  }
}
