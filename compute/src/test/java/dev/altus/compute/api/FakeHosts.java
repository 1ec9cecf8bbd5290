package dev.altus.compute.api;

import dev.altus.common.db.Database;
import java.util.UUID;

/**
 * Writes compute_services and compute_nodes rows as compute agents would (registration and
 * heartbeats), so the admin APIs can be tested without running agents.
 */
final class FakeHosts {
  private final Database db;

  FakeHosts(Database db) {
    this.db = db;
  }

  /** Registers a nova-compute service and its node on {@code host}, last seen at {@code seen}. */
  String compute(String host, long seen) {
    String id = UUID.randomUUID().toString();
    db.jdbi().useHandle(h -> {
      h.createUpdate("INSERT INTO compute_services (id, binary_name, host, topic, zone,"
              + " last_seen_up, report_count, created_at, updated_at) VALUES (:id, 'nova-compute',"
              + " :h, 'compute', 'nova', :t, 3, :t, :t)")
          .bind("id", id).bind("h", host).bind("t", seen).execute();
      h.createUpdate("INSERT INTO compute_nodes (id, host, hypervisor_hostname, hypervisor_type,"
              + " hypervisor_version, host_ip, cpu_arch, vcpus, memory_mb, local_gb,"
              + " cpu_allocation_ratio, ram_allocation_ratio, disk_allocation_ratio, created_at,"
              + " updated_at) VALUES (:id, :h, :h, 'fake', 1000, '192.0.2.1', 'x86_64', 8, 16384,"
              + " 200, 4.0, 1.0, 1.0, :t, :t)")
          .bind("id", UUID.randomUUID().toString()).bind("h", host).bind("t", seen).execute();
    });
    return id;
  }

  /** Registers a service of another binary (scheduler, conductor). */
  String service(String binary, String host, long seen) {
    String id = UUID.randomUUID().toString();
    db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO compute_services (id, binary_name, host,"
            + " topic, zone, last_seen_up, created_at, updated_at) VALUES (:id, :b, :h, :b,"
            + " 'internal', :t, :t, :t)")
        .bind("id", id).bind("b", binary).bind("h", host).bind("t", seen).execute());
    return id;
  }

  /** Records usage on a host's node as claims would. */
  void use(String host, int vcpus, int ramMb, int diskGb, int servers) {
    db.jdbi().useHandle(h -> h.createUpdate("UPDATE compute_nodes SET vcpus_used = :c,"
            + " memory_mb_used = :m, local_gb_used = :d, running_vms = :n WHERE host = :h")
        .bind("c", vcpus).bind("m", ramMb).bind("d", diskGb).bind("n", servers).bind("h", host)
        .execute());
  }

  void heartbeat(String host, String binary, long seen) {
    db.jdbi().useHandle(h -> h.createUpdate("UPDATE compute_services SET last_seen_up = :t"
            + " WHERE host = :h AND binary_name = :b")
        .bind("t", seen).bind("h", host).bind("b", binary).execute());
  }
}
