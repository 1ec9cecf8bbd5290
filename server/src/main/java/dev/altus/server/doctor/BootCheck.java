package dev.altus.server.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.db.Database;
import dev.altus.common.json.Json;
import dev.altus.compute.model.Flavor;
import dev.altus.compute.model.RequestSpec;
import dev.altus.compute.scheduler.ScheduleRequest;
import dev.altus.compute.scheduler.Scheduler;
import dev.altus.compute.store.FlavorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which compute hosts could boot the default image ({@code altus-guest}) with the default flavor
 * ({@code m1.tiny}) now: the scheduler's own filters answer, host by host, as they would for a
 * real boot, so the reasons are the ones a "No valid host" fault would give.
 */
final class BootCheck implements DoctorCheck {
  static final String IMAGE = "altus-guest";
  static final String FLAVOR = "m1.tiny";
  private final Database db;
  private final FlavorStore flavors;
  private final Scheduler scheduler;

  BootCheck(Database db, FlavorStore flavors, Scheduler scheduler) {
    this.db = db;
    this.flavors = flavors;
    this.scheduler = scheduler;
  }

  @Override
  public String name() {
    return "boot";
  }

  private record Image(String id, String status, long virtualSize, int minRam, int minDisk,
      Map<String, String> properties) {}

  @Override
  public List<Finding> run() {
    Optional<Image> image = db.jdbi().withHandle(h -> h.createQuery("SELECT id, status,"
        + " virtual_size, min_ram, min_disk, properties FROM images WHERE name = :n AND"
        + " deleted_at IS NULL AND status = 'active' ORDER BY created_at").bind("n", IMAGE)
        .map((rs, c) -> new Image(rs.getString("id"), rs.getString("status"),
            rs.getLong("virtual_size"), rs.getInt("min_ram"), rs.getInt("min_disk"),
            properties(rs.getString("properties")))).findFirst());
    Optional<Flavor> flavor = flavors.all().stream().filter(f -> f.name().equals(FLAVOR))
        .findFirst();
    if (image.isEmpty()) {
      return List.of(Finding.warn(name(), "no active image named " + IMAGE + " to try the"
          + " hosts with", "the cloud uploads it at start with compute.driver = qemu; or"
          + " upload one: openstack image create --file IMG --disk-format qcow2 " + IMAGE));
    }
    if (flavor.isEmpty()) {
      return List.of(Finding.warn(name(), "no flavor named " + FLAVOR + " to try the hosts with",
          "openstack flavor create --ram 512 --disk 1 --vcpus 1 " + FLAVOR));
    }
    Image img = image.get();
    Flavor f = flavor.get();
    List<Finding> out = new ArrayList<>();
    long rootBytes = f.rootGb() * (1L << 30);
    if (f.rootGb() > 0 && img.virtualSize() > rootBytes) {
      out.add(Finding.fail(name(), FLAVOR + "'s " + f.rootGb() + " GB root disk is smaller than "
          + IMAGE + " (" + img.virtualSize() + " bytes): every boot of it is refused",
          "use a flavor with a larger disk, or a smaller image"));
    }
    if (img.minRam() > f.memoryMb() || img.minDisk() > f.rootGb()) {
      out.add(Finding.fail(name(), IMAGE + " needs min_ram " + img.minRam() + " MB / min_disk "
          + img.minDisk() + " GB, more than " + FLAVOR + " has", "use a larger flavor"));
    }
    RequestSpec spec = new RequestSpec(List.of(), null, null, null, List.of(), List.of(),
        img.properties(), List.of(), Map.of());
    var states = scheduler.hostStates();
    Map<String, String> rejected = scheduler.rejections(states,
        new ScheduleRequest("doctor", f, spec, null, 1, Map.of(), Set.of(), Set.of()));
    for (var h : states) {
      String why = rejected.get(h.host());
      if (why != null) {
        out.add(Finding.fail(name(), h.host() + " cannot boot " + IMAGE + " with " + FLAVOR
            + ": " + why, "see the services and hypervisor findings for " + h.host()));
      } else {
        out.add(Finding.ok(name(), h.host() + " can boot " + IMAGE + " with " + FLAVOR));
      }
    }
    if (states.isEmpty()) {
      out.add(Finding.fail(name(), "there are no compute hosts", "set compute.hosts and restart"
          + " the cloud"));
    }
    return out;
  }

  private static Map<String, String> properties(String json) {
    Map<String, String> out = new TreeMap<>();
    JsonNode n = Json.parse(json == null || json.isBlank() ? "{}" : json);
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
