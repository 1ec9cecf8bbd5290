package dev.altus.compute.service;

import dev.altus.common.error.ApiException;
import dev.altus.compute.model.Aggregate;
import dev.altus.compute.store.AggregateStore;
import dev.altus.compute.store.ComputeNodeStore;
import dev.altus.compute.store.ComputeServiceStore;
import dev.altus.compute.store.Sql;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;

/**
 * Host aggregates with Nova's rules: unique names; an aggregate's availability zone is its {@code
 * availability_zone} metadata; a host is in at most one zone, so adding it to a second aggregate
 * with another zone, or giving an aggregate a zone its hosts' other aggregates contradict, is
 * refused; a host with servers never changes zone; only an empty aggregate can be deleted. Also
 * answers the scheduler's questions about hosts ({@link HostAggregates}).
 */
public final class AggregateService implements HostAggregates {
  private final AggregateStore store;
  private final ComputeServiceStore services;
  private final ComputeNodeStore nodes;
  private final Clock clock;
  private final String defaultZone;
  /** Aggregate changes are rare; one at a time keeps the zone rules whole. */
  private final ReentrantLock writes = new ReentrantLock();

  public AggregateService(AggregateStore store, ComputeServiceStore services,
      ComputeNodeStore nodes, Clock clock, String defaultZone) {
    this.store = store;
    this.services = services;
    this.nodes = nodes;
    this.clock = clock;
    this.defaultZone = defaultZone;
  }

  public List<Aggregate> list() {
    return store.all();
  }

  public Aggregate get(int id) {
    return store.find(id).orElseThrow(() -> notFound(id));
  }

  public Aggregate create(String name, String zone) {
    return write(h -> {
      if (store.nameTaken(h, name, null)) {
        throw nameExists(name);
      }
      Map<String, String> meta = zone == null ? Map.of() : Map.of(Aggregate.ZONE_KEY, zone);
      return store.find(h, store.insert(h, name, meta, clock.millis())).orElseThrow();
    });
  }

  /**
   * Renames and/or rezones an aggregate.
   *
   * @param zoneGiven whether the request named a zone (then {@code zone} null or empty is refused)
   */
  public Aggregate update(int id, String name, boolean zoneGiven, String zone) {
    return write(h -> {
      Aggregate a = store.find(h, id).orElseThrow(() -> notFound(id));
      long now = clock.millis();
      if (name != null) {
        if (store.nameTaken(h, name, id)) {
          throw nameExists(name);
        }
        store.rename(h, id, name, now);
      }
      if (zoneGiven) {
        checkZone(h, a, zone, a.hosts(), true, "Cannot update aggregate " + id, 400);
        store.putMeta(h, id, Aggregate.ZONE_KEY, zone);
      }
      store.touch(h, id, now);
      return store.find(h, id).orElseThrow();
    });
  }

  /** Sets metadata keys; a null value removes its key. */
  public Aggregate setMetadata(int id, Map<String, String> metadata) {
    return write(h -> {
      Aggregate a = store.find(h, id).orElseThrow(() -> notFound(id));
      if (metadata.containsKey(Aggregate.ZONE_KEY)) {
        checkZone(h, a, metadata.get(Aggregate.ZONE_KEY), a.hosts(), true,
            "Cannot update metadata of aggregate " + id, 400);
      }
      metadata.forEach((k, v) -> store.putMeta(h, id, k, v));
      store.touch(h, id, clock.millis());
      return store.find(h, id).orElseThrow();
    });
  }

  public Aggregate addHost(int id, String host) {
    return write(h -> {
      if (services.find(host, "nova-compute").isEmpty()) {
        throw ApiException.notFound("Compute host " + host + " could not be found.");
      }
      Aggregate a = store.find(h, id).orElseThrow(() -> notFound(id));
      String reason = "Cannot add host to aggregate " + id;
      if (a.zone() != null) {
        checkZone(h, a, a.zone(), List.of(host), false, reason, 409);
        String current = zoneOf(h, host, null);
        if (!a.zone().equals(current) && nodes.hasServers(host)) {
          throw new ApiException(409, "Conflict", reason + ". Reason: The host cannot be added"
              + " to the aggregate as the availability zone of the host would change from '"
              + current + "' to '" + a.zone() + "' but the host already has servers.");
        }
      }
      if (!store.addHost(h, id, host)) {
        throw ApiException.conflict("Aggregate " + id + " already has host " + host + ".");
      }
      store.touch(h, id, clock.millis());
      return store.find(h, id).orElseThrow();
    });
  }

  public Aggregate removeHost(int id, String host) {
    return write(h -> {
      Aggregate a = store.find(h, id).orElseThrow(
          () -> ApiException.notFound("Cannot remove host " + host + " in aggregate " + id));
      if (!a.hosts().contains(host)) {
        throw ApiException.notFound("Cannot remove host " + host + " in aggregate " + id);
      }
      if (a.zone() != null) {
        String after = zoneOf(h, host, id);
        if (!a.zone().equals(after) && nodes.hasServers(host)) {
          throw ApiException.conflict("Cannot remove host from aggregate " + id + ". Reason: The"
              + " host cannot be removed from the aggregate as the availability zone of the host"
              + " would change from '" + a.zone() + "' to '" + after + "' but the host already"
              + " has servers.");
        }
      }
      store.removeHost(h, id, host);
      store.touch(h, id, clock.millis());
      return store.find(h, id).orElseThrow();
    });
  }

  public void delete(int id) {
    write(h -> {
      Aggregate a = store.find(h, id).orElseThrow(() -> notFound(id));
      if (!a.hosts().isEmpty()) {
        throw ApiException.badRequest("Cannot remove aggregate " + id + ". Reason: Host"
            + " aggregate is not empty.");
      }
      store.delete(h, id);
      return null;
    });
  }

  /**
   * Refuses a zone for an aggregate when it is empty, or when one of {@code hosts} is in another
   * aggregate with a different zone, or (when the zone changes) a host already runs servers.
   */
  private void checkZone(Handle h, Aggregate a, String zone, List<String> hosts,
      boolean serversPinZone, String action, int status) {
    if (zone == null || zone.isEmpty()) {
      throw new ApiException(status, "InvalidAggregateAction", action + ". Reason: Aggregate "
          + a.name() + " does not support empty named availability zone.");
    }
    Set<String> conflicting = new TreeSet<>();
    for (String host : hosts) {
      for (Aggregate other : store.ofHost(h, host)) {
        if (other.id() != a.id() && other.zone() != null && !other.zone().equals(zone)) {
          conflicting.add(other.zone());
        }
      }
    }
    if (!conflicting.isEmpty()) {
      throw new ApiException(status, "InvalidAggregateAction", action + ". Reason: One or more"
          + " hosts already in availability zone(s) " + conflicting + ".");
    }
    if (serversPinZone && !zone.equals(a.zone())) {
      for (String host : hosts) {
        if (nodes.hasServers(host)) {
          throw new ApiException(status, "InvalidAggregateAction", action + ". Reason: One or"
              + " more hosts contain instances in this zone.");
        }
      }
    }
  }

  /** The zone of {@code host}, counting every aggregate but {@code exceptAggregate}. */
  private String zoneOf(Handle h, String host, Integer exceptAggregate) {
    for (Aggregate a : store.ofHost(h, host)) {
      if ((exceptAggregate == null || a.id() != exceptAggregate) && a.zone() != null) {
        return a.zone();
      }
    }
    return hostDefaultZone(host);
  }

  private String hostDefaultZone(String host) {
    return services.find(host, "nova-compute").map(s -> s.zone()).orElse(defaultZone);
  }

  @Override
  public String zoneOf(String host) {
    return store.inTransaction(h -> zoneOf(h, host, null));
  }

  /** Every host's zone from aggregates (hosts in no zoned aggregate are absent). */
  public Map<String, String> aggregateZones() {
    Map<String, String> out = new HashMap<>();
    for (Aggregate a : store.all()) {
      if (a.zone() != null) {
        for (String host : a.hosts()) {
          out.putIfAbsent(host, a.zone());
        }
      }
    }
    return out;
  }

  @Override
  public Map<String, Set<String>> metadataOf(String host) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (Aggregate a : store.inTransaction(h -> store.ofHost(h, host))) {
      a.metadata().forEach((k, v) -> out.computeIfAbsent(k, x -> new TreeSet<>()).add(v));
    }
    return out;
  }

  private <T> T write(java.util.function.Function<Handle, T> work) {
    writes.lock();
    try {
      return store.inTransaction(work);
    } catch (RuntimeException e) {
      if (Sql.isConstraintViolation(e)) {
        throw ApiException.conflict("The aggregate changed while this request ran; try again.");
      }
      throw e;
    } finally {
      writes.unlock();
    }
  }

  private static ApiException notFound(int id) {
    return ApiException.notFound("Aggregate " + id + " could not be found.");
  }

  private static ApiException nameExists(String name) {
    return ApiException.conflict("Aggregate " + name + " already exists.");
  }

}
