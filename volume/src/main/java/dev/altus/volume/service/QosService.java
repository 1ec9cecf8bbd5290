package dev.altus.volume.service;

import dev.altus.common.error.ApiException;
import dev.altus.volume.model.VolumeType;
import dev.altus.volume.store.QosRecords;
import dev.altus.volume.store.QosRecords.Qos;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * QoS specs (admin): named sets of limits for a consumer ({@code front-end}: the hypervisor
 * applies them, {@code back-end}: the storage, or {@code both}), associated with volume types;
 * a type has at most one. The file backend has no limits of its own to apply.
 */
public final class QosService {
  public static final Set<String> CONSUMERS = Set.of("front-end", "back-end", "both");
  private final QosRecords records;
  private final TypeService types;
  private final java.time.Clock clock;

  public QosService(QosRecords records, TypeService types, java.time.Clock clock) {
    this.records = records;
    this.types = types;
    this.clock = clock;
  }

  private static void checkConsumer(String consumer) {
    if (!CONSUMERS.contains(consumer)) {
      throw ApiException.badRequest("Invalid input received: consumer must be front-end,"
          + " back-end or both, not '" + consumer + "'.");
    }
  }

  public Qos create(String name, String consumer, Map<String, String> specs) {
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("Invalid input for field/attribute name. 'name' is a"
          + " required property");
    }
    String c = consumer == null ? "back-end" : consumer;
    checkConsumer(c);
    synchronized (records) {
      if (records.nameTaken(name)) {
        throw ApiException.conflict("QoS Specs " + name + " already exists.");
      }
      Qos q = new Qos(UUID.randomUUID().toString(), name, c, specs, clock.millis());
      records.insert(q);
      return q;
    }
  }

  public Qos get(String id) {
    return records.find(id).orElseThrow(() -> ApiException.notFound("QoS Specs " + id
        + " could not be found."));
  }

  public List<Qos> list() {
    return records.list();
  }

  /** Sets keys (and the consumer, when given); returns what was set. */
  public Map<String, String> set(String id, Map<String, String> keys) {
    synchronized (records) {
      Qos q = get(id);
      Map<String, String> specs = new HashMap<>(q.specs());
      String consumer = q.consumer();
      for (var e : keys.entrySet()) {
        if (e.getKey().equals("consumer")) {
          checkConsumer(e.getValue());
          consumer = e.getValue();
        } else {
          specs.put(e.getKey(), e.getValue());
        }
      }
      records.update(new Qos(q.id(), q.name(), consumer, specs, q.createdAt()));
      return keys;
    }
  }

  /** Removes keys; every key must be there, or nothing is removed. */
  public void unset(String id, List<String> keys) {
    synchronized (records) {
      Qos q = get(id);
      Map<String, String> specs = new HashMap<>(q.specs());
      for (String k : keys) {
        if (specs.remove(k) == null) {
          throw ApiException.badRequest("Invalid input received: QoS spec " + id
              + " has no key " + k + ".");
        }
      }
      records.update(new Qos(q.id(), q.name(), q.consumer(), specs, q.createdAt()));
    }
  }

  /** Deletes a spec; one still associated with types only with {@code force}. */
  public void delete(String id, boolean force) {
    synchronized (records) {
      Qos q = get(id);
      if (!force && !records.types(q.id()).isEmpty()) {
        throw ApiException.badRequest("Invalid input received: QoS Specs " + id + " is still"
            + " associated with volume types; disassociate them or delete with force.");
      }
      records.delete(q.id());
    }
  }

  public List<VolumeType> associations(String id) {
    return records.types(get(id).id()).stream().map(types::byId)
        .filter(java.util.Objects::nonNull).toList();
  }

  private VolumeType type(String typeId) {
    if (typeId == null || typeId.isBlank()) {
      throw ApiException.badRequest("Invalid input received: vol_type_id is required.");
    }
    VolumeType t = types.byId(typeId);
    if (t == null) {
      throw ApiException.notFound("Volume type " + typeId + " could not be found.");
    }
    return t;
  }

  public void associate(String id, String typeId) {
    synchronized (records) {
      Qos q = get(id);
      VolumeType t = type(typeId);
      var current = records.ofType(t.id());
      if (current.isPresent()) {
        if (current.get().equals(q.id())) {
          return;
        }
        throw ApiException.badRequest("Invalid input received: volume type " + t.id()
            + " is already associated with QoS Specs " + current.get() + ".");
      }
      records.associate(q.id(), t.id());
    }
  }

  public void disassociate(String id, String typeId) {
    synchronized (records) {
      Qos q = get(id);
      records.disassociate(q.id(), type(typeId).id());
    }
  }

  public void disassociateAll(String id) {
    records.disassociateAll(get(id).id());
  }
}
