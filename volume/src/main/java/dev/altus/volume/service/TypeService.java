package dev.altus.volume.service;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.volume.model.VolumeType;
import dev.altus.volume.store.TypeRecords;
import dev.altus.volume.store.VolumeRecords;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Volume types: the {@code __DEFAULT__} type every cloud has, admin-made ones with extra specs,
 * and private types visible only to the projects on their access list (and admins).
 */
public final class TypeService {
  private final TypeRecords records;
  private final VolumeRecords volumes;

  public TypeService(TypeRecords records, VolumeRecords volumes) {
    this.records = records;
    this.volumes = volumes;
  }

  /** Makes sure the default type exists; returns it. */
  public VolumeType ensureDefault() {
    return records.findByName(VolumeType.DEFAULT_NAME).orElseGet(() -> {
      VolumeType t = new VolumeType(UUID.randomUUID().toString(), VolumeType.DEFAULT_NAME,
          "Default Volume Type", true, Map.of());
      records.insert(t);
      return t;
    });
  }

  public VolumeType defaultType() {
    return ensureDefault();
  }

  /** A type by id or name that the caller may use, else 404. */
  public VolumeType find(RequestContext ctx, String idOrName) {
    VolumeType t = records.find(idOrName).or(() -> records.findByName(idOrName))
        .orElseThrow(() -> notFound(idOrName));
    if (!visible(ctx, t)) {
      throw notFound(idOrName);
    }
    return t;
  }

  /** A type by id for views; null when it has gone. */
  /** Every type, whoever may see it (for quotas, which count per type). */
  public List<VolumeType> all() {
    return records.list();
  }

  public VolumeType byId(String id) {
    return records.find(id).orElse(null);
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("Volume type " + id + " could not be found.");
  }

  public boolean visible(RequestContext ctx, VolumeType t) {
    return t.isPublic() || ctx.isAdmin() || records.projects(t.id()).contains(ctx.projectId());
  }

  /** Types the caller sees; {@code isPublic} null lists public (and for admins, all) types. */
  public List<VolumeType> list(RequestContext ctx, Boolean isPublic) {
    return records.list().stream().filter(t -> {
      if (isPublic == null) {
        return ctx.isAdmin() ? true : visible(ctx, t);
      }
      return t.isPublic() == isPublic && visible(ctx, t);
    }).toList();
  }

  public VolumeType create(String name, String description, boolean isPublic,
      Map<String, String> specs) {
    if (records.findByName(name).isPresent()) {
      throw ApiException.conflict("Volume Type " + name + " already exists.");
    }
    VolumeType t = new VolumeType(UUID.randomUUID().toString(), name, description, isPublic,
        specs);
    records.insert(t);
    return t;
  }

  public VolumeType update(VolumeType t, String name, String description, Boolean isPublic) {
    if (name != null && !name.equals(t.name())) {
      if (t.name().equals(VolumeType.DEFAULT_NAME)) {
        throw ApiException.badRequest("The default volume type cannot be renamed.");
      }
      if (records.findByName(name).isPresent()) {
        throw ApiException.conflict("Volume Type " + name + " already exists.");
      }
    }
    VolumeType u = new VolumeType(t.id(), name == null ? t.name() : name,
        description == null ? t.description() : description,
        isPublic == null ? t.isPublic() : isPublic, t.extraSpecs());
    records.update(u);
    return u;
  }

  public void delete(VolumeType t) {
    if (t.name().equals(VolumeType.DEFAULT_NAME)) {
      throw ApiException.badRequest("The default volume type " + t.id() + " cannot be deleted.");
    }
    if (volumes.typeInUse(t.id())) {
      throw ApiException.badRequest("Target volume type " + t.id() + " is still in use.");
    }
    records.delete(t.id());
  }

  public VolumeType setSpecs(VolumeType t, Map<String, String> specs) {
    Map<String, String> m = new HashMap<>(t.extraSpecs());
    m.putAll(specs);
    VolumeType u = new VolumeType(t.id(), t.name(), t.description(), t.isPublic(), m);
    records.update(u);
    return u;
  }

  public void deleteSpec(VolumeType t, String key) {
    if (!t.extraSpecs().containsKey(key)) {
      throw ApiException.notFound("Volume Type " + t.id() + " has no extra specs with key "
          + key + ".");
    }
    Map<String, String> m = new HashMap<>(t.extraSpecs());
    m.remove(key);
    records.update(new VolumeType(t.id(), t.name(), t.description(), t.isPublic(), m));
  }

  public List<String> access(VolumeType t) {
    if (t.isPublic()) {
      throw ApiException.notFound("Access list not available for public volume types.");
    }
    return records.projects(t.id());
  }

  public void addAccess(VolumeType t, String project) {
    if (t.isPublic()) {
      throw ApiException.badRequest("Invalid volume type: Type access modification is not"
          + " applicable to public volume type.");
    }
    if (!records.addProject(t.id(), project)) {
      throw ApiException.conflict("Volume type access for " + t.id() + "/" + project
          + " already exists.");
    }
  }

  public void removeAccess(VolumeType t, String project) {
    if (t.isPublic()) {
      throw ApiException.badRequest("Invalid volume type: Type access modification is not"
          + " applicable to public volume type.");
    }
    if (!records.removeProject(t.id(), project)) {
      throw ApiException.notFound("Volume type access not found for " + t.id() + "/" + project
          + ".");
    }
  }
}
