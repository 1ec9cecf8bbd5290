package dev.altus.compute.service;

import dev.altus.compute.model.ServiceRecord;
import dev.altus.compute.store.ComputeServiceStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Availability zones as Nova derives them from services: a nova-compute service is in its host's
 * aggregate zone (else the default zone), every other service in the internal zone. A zone with
 * an enabled service is available; a zone whose services are all disabled is not.
 */
public final class AvailabilityZoneService {
  /** Nova's internal_service_availability_zone: where schedulers and conductors live. */
  public static final String INTERNAL = "internal";

  private final ComputeServiceStore services;
  private final AggregateService aggregates;
  private final ServiceLiveness liveness;

  public AvailabilityZoneService(ComputeServiceStore services, AggregateService aggregates,
      ServiceLiveness liveness) {
    this.services = services;
    this.aggregates = aggregates;
    this.liveness = liveness;
  }

  /** A service in its zone. */
  public record Placed(ServiceRecord service, String zone, boolean up) {}

  /** A zone, and when detailed its hosts' services. */
  public record Zone(String name, boolean available, Map<String, List<Placed>> hosts) {}

  /** Every service with its zone. */
  public List<Placed> placed() {
    Map<String, String> zoned = aggregates.aggregateZones();
    List<Placed> out = new ArrayList<>();
    for (ServiceRecord s : services.all()) {
      String zone = s.binary().equals("nova-compute")
          ? zoned.getOrDefault(s.host(), s.zone()) : INTERNAL;
      out.add(new Placed(s, zone, liveness.isUp(s)));
    }
    return out;
  }

  /**
   * The zones, available ones first, each group by name.
   *
   * @param detail include the internal zone and, for available zones, their hosts' enabled
   *     services
   */
  public List<Zone> zones(boolean detail) {
    List<Placed> all = placed();
    TreeMap<String, Map<String, List<Placed>>> available = new TreeMap<>();
    TreeSet<String> unavailable = new TreeSet<>();
    for (Placed p : all) {
      if (!p.service().disabled()) {
        available.computeIfAbsent(p.zone(), z -> new TreeMap<>())
            .computeIfAbsent(p.service().host(), h -> new ArrayList<>()).add(p);
      }
    }
    for (Placed p : all) {
      if (p.service().disabled() && !available.containsKey(p.zone())) {
        unavailable.add(p.zone());
      }
    }
    List<Zone> out = new ArrayList<>();
    available.forEach((zone, hosts) -> {
      if (detail || !zone.equals(INTERNAL)) {
        out.add(new Zone(zone, true, detail ? new LinkedHashMap<>(hosts) : null));
      }
    });
    for (String zone : unavailable) {
      if (detail || !zone.equals(INTERNAL)) {
        out.add(new Zone(zone, false, null));
      }
    }
    return out;
  }
}
