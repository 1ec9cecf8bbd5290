package dev.altus.compute.store;

import dev.altus.compute.model.Flavor;
import dev.altus.compute.virt.HostResources;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Compute hosts as agents register them (compute_services with binary nova-compute, and
 * compute_nodes) and the resource claims servers hold on them. A claim is one guarded UPDATE
 * (used + asked <= total * ratio) in the same transaction as the server's claimed_host, so
 * concurrent boots can never overbook a host, and a release happens at most once.
 */
public final class ComputeHostStore {
  public static final String BINARY = "nova-compute";

  /** A compute host: its service row and its node row. */
  public record HostRow(String host, String serviceId, String zone, boolean disabled,
      String disabledReason, boolean forcedDown, Long lastSeenUp, String nodeId,
      String hypervisorHostname, String hypervisorType, long hypervisorVersion, String hostIp,
      String cpuArch, int vcpus, int memoryMb, int localGb, int vcpusUsed, int memoryMbUsed,
      int localGbUsed, int runningVms, double cpuRatio, double ramRatio, double diskRatio) {}

  /** What a claim takes from a host. */
  public record Amount(int vcpus, int memoryMb, int diskGb) {
    public static Amount of(Flavor f) {
      return new Amount(f.vcpus(), f.memoryMb(), f.rootGb() + f.ephemeralGb());
    }
  }

  private final Jdbi jdbi;
  private final Clock clock;

  public ComputeHostStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Registers (or refreshes) a host's nova-compute service and its node with what the driver
   * measures; usage is recounted from the claims servers hold.
   */
  public void register(String host, String zone, HostResources r, double cpuRatio,
      double ramRatio, double diskRatio) {
    long now = clock.millis();
    jdbi.useTransaction(h -> {
      int n = h.createUpdate("UPDATE compute_services SET last_seen_up = :t, updated_at = :t,"
              + " topic = 'compute' WHERE binary_name = :b AND host = :h")
          .bind("t", now).bind("b", BINARY).bind("h", host).execute();
      if (n == 0) {
        h.createUpdate("INSERT INTO compute_services (id, binary_name, host, topic, zone,"
                + " last_seen_up, created_at, updated_at)"
                + " VALUES (:id, :b, :h, 'compute', :z, :t, :t, :t)")
            .bind("id", UUID.randomUUID().toString()).bind("b", BINARY).bind("h", host)
            .bind("z", zone).bind("t", now).execute();
      }
      int m = h.createUpdate("UPDATE compute_nodes SET hypervisor_hostname = :h,"
              + " hypervisor_type = :type, hypervisor_version = :ver, host_ip = :ip,"
              + " cpu_arch = :arch, vcpus = :vcpus, memory_mb = :ram, local_gb = :disk,"
              + " updated_at = :t WHERE host = :h")
          .bind("h", host).bind("type", r.hypervisorType()).bind("ver", r.hypervisorVersion())
          .bind("ip", r.hostIp()).bind("arch", r.cpuArch()).bind("vcpus", r.vcpus())
          .bind("ram", r.memoryMb()).bind("disk", r.localGb()).bind("t", now).execute();
      if (m == 0) {
        h.createUpdate("INSERT INTO compute_nodes (id, host, hypervisor_hostname,"
                + " hypervisor_type, hypervisor_version, host_ip, cpu_arch, vcpus, memory_mb,"
                + " local_gb, cpu_allocation_ratio, ram_allocation_ratio, disk_allocation_ratio,"
                + " created_at, updated_at) VALUES (:id, :h, :h, :type, :ver, :ip, :arch, :vcpus,"
                + " :ram, :disk, :cr, :rr, :dr, :t, :t)")
            .bind("id", UUID.randomUUID().toString()).bind("h", host)
            .bind("type", r.hypervisorType()).bind("ver", r.hypervisorVersion())
            .bind("ip", r.hostIp()).bind("arch", r.cpuArch()).bind("vcpus", r.vcpus())
            .bind("ram", r.memoryMb()).bind("disk", r.localGb()).bind("cr", cpuRatio)
            .bind("rr", ramRatio).bind("dr", diskRatio).bind("t", now).execute();
      }
    });
    recountUsage(host);
  }

  /** A heartbeat: the service is up as of now. */
  public void heartbeat(String host) {
    long now = clock.millis();
    jdbi.useHandle(h -> h.createUpdate("UPDATE compute_services SET last_seen_up = :t,"
            + " report_count = report_count + 1, updated_at = :t"
            + " WHERE binary_name = :b AND host = :h")
        .bind("t", now).bind("b", BINARY).bind("h", host).execute());
  }

  /** Every compute host with a node, by host name. */
  public List<HostRow> hosts() {
    return jdbi.withHandle(h -> h.createQuery("SELECT s.id AS service_id, s.zone, s.disabled,"
            + " s.disabled_reason, s.forced_down, s.last_seen_up, n.* FROM compute_nodes n"
            + " JOIN compute_services s ON s.host = n.host AND s.binary_name = :b"
            + " ORDER BY n.host").bind("b", BINARY).map((rs, c) -> row(rs)).list());
  }

  public Optional<HostRow> host(String host) {
    return hosts().stream().filter(r -> r.host().equals(host)).findFirst();
  }

  /**
   * Claims resources for a server on a host: false when they no longer fit (another boot took
   * them) or the server is gone or already holds a claim.
   */
  public boolean claim(String serverId, String host, Amount a) {
    return jdbi.inTransaction(h -> {
      int n = h.createUpdate("UPDATE compute_nodes SET vcpus_used = vcpus_used + :c,"
              + " memory_mb_used = memory_mb_used + :m, local_gb_used = local_gb_used + :d,"
              + " running_vms = running_vms + 1, updated_at = :t WHERE host = :h"
              + " AND vcpus_used + :c <= vcpus * cpu_allocation_ratio"
              + " AND memory_mb_used + :m <= memory_mb * ram_allocation_ratio"
              + " AND local_gb_used + :d <= local_gb * disk_allocation_ratio")
          .bind("c", a.vcpus()).bind("m", a.memoryMb()).bind("d", a.diskGb())
          .bind("t", clock.millis()).bind("h", host).execute();
      if (n == 0) {
        return false;
      }
      int s = h.createUpdate("UPDATE instances SET claimed_host = :h WHERE id = :id"
              + " AND claimed_host IS NULL AND deleted = FALSE")
          .bind("h", host).bind("id", serverId).execute();
      if (s == 0) {
        h.rollback();
        return false;
      }
      return true;
    });
  }

  /** Releases a server's claim (and any resize claim); false when it held none. */
  public boolean release(String serverId) {
    return jdbi.inTransaction(h -> {
      var row = h.createQuery("SELECT claimed_host, vcpus, memory_mb, root_gb, ephemeral_gb,"
              + " resize_vcpus, resize_memory_mb, resize_disk_gb FROM instances WHERE id = :id")
          .bind("id", serverId).mapToMap().findOne();
      if (row.isEmpty() || row.get().get("claimed_host") == null) {
        return false;
      }
      var r = row.get();
      String host = (String) r.get("claimed_host");
      int n = h.createUpdate("UPDATE instances SET claimed_host = NULL, resize_vcpus = NULL,"
              + " resize_memory_mb = NULL, resize_disk_gb = NULL"
              + " WHERE id = :id AND claimed_host = :h")
          .bind("id", serverId).bind("h", host).execute();
      if (n == 0) {
        return false;
      }
      int c = num(r.get("vcpus")) + num(r.get("resize_vcpus"));
      int m = num(r.get("memory_mb")) + num(r.get("resize_memory_mb"));
      int d = num(r.get("root_gb")) + num(r.get("ephemeral_gb")) + num(r.get("resize_disk_gb"));
      subtract(h, host, c, m, d, 1);
      return true;
    });
  }

  /**
   * Claims the new flavor of a resize on the server's claimed host, beside its current claim
   * (both are held until the resize is confirmed or reverted). The extra claim is kept in the
   * server's resize_* columns; when the resize finishes the server's sizes and resize_* swap, so
   * resize_* always holds the flavor the server does not run.
   */
  public boolean claimResize(String serverId, String host, Amount a) {
    return jdbi.inTransaction(h -> {
      int n = h.createUpdate("UPDATE compute_nodes SET vcpus_used = vcpus_used + :c,"
              + " memory_mb_used = memory_mb_used + :m, local_gb_used = local_gb_used + :d,"
              + " updated_at = :t WHERE host = :h"
              + " AND vcpus_used + :c <= vcpus * cpu_allocation_ratio"
              + " AND memory_mb_used + :m <= memory_mb * ram_allocation_ratio"
              + " AND local_gb_used + :d <= local_gb * disk_allocation_ratio")
          .bind("c", a.vcpus()).bind("m", a.memoryMb()).bind("d", a.diskGb())
          .bind("t", clock.millis()).bind("h", host).execute();
      if (n == 0) {
        return false;
      }
      int s = h.createUpdate("UPDATE instances SET resize_vcpus = :c, resize_memory_mb = :m,"
              + " resize_disk_gb = :d WHERE id = :id AND claimed_host = :h"
              + " AND resize_vcpus IS NULL AND deleted = FALSE")
          .bind("c", a.vcpus()).bind("m", a.memoryMb()).bind("d", a.diskGb())
          .bind("h", host).bind("id", serverId).execute();
      if (s == 0) {
        h.rollback();
        return false;
      }
      return true;
    });
  }

  /**
   * Drops a server's extra resize claim (the resize_* sizes): on confirm they hold the flavor it
   * left, on revert the flavor it gave back. False when it held none.
   */
  public boolean releaseResize(String serverId) {
    return jdbi.inTransaction(h -> {
      var row = h.createQuery("SELECT claimed_host, resize_vcpus, resize_memory_mb,"
              + " resize_disk_gb FROM instances WHERE id = :id")
          .bind("id", serverId).mapToMap().findOne();
      if (row.isEmpty() || row.get().get("claimed_host") == null
          || row.get().get("resize_vcpus") == null) {
        return false;
      }
      var r = row.get();
      int n = h.createUpdate("UPDATE instances SET resize_vcpus = NULL, resize_memory_mb = NULL,"
              + " resize_disk_gb = NULL WHERE id = :id AND resize_vcpus IS NOT NULL")
          .bind("id", serverId).execute();
      if (n == 0) {
        return false;
      }
      subtract(h, (String) r.get("claimed_host"), num(r.get("resize_vcpus")),
          num(r.get("resize_memory_mb")), num(r.get("resize_disk_gb")), 0);
      return true;
    });
  }

  /**
   * Recounts a host's usage from the claims its servers hold (at agent start, and to heal any
   * drift). The node row is locked first so that no claim is half counted.
   */
  public void recountUsage(String host) {
    jdbi.useTransaction(h -> {
      h.createQuery("SELECT id FROM compute_nodes WHERE host = :h FOR UPDATE").bind("h", host)
          .mapTo(String.class).findOne();
      var sums = h.createQuery("SELECT COALESCE(SUM(vcpus + COALESCE(resize_vcpus, 0)), 0) AS c,"
              + " COALESCE(SUM(memory_mb + COALESCE(resize_memory_mb, 0)), 0) AS m,"
              + " COALESCE(SUM(root_gb + ephemeral_gb + COALESCE(resize_disk_gb, 0)), 0) AS d,"
              + " COUNT(*) AS n FROM instances WHERE claimed_host = :h AND deleted = FALSE")
          .bind("h", host).mapToMap().one();
      h.createUpdate("UPDATE compute_nodes SET vcpus_used = :c, memory_mb_used = :m,"
              + " local_gb_used = :d, running_vms = :n WHERE host = :h")
          .bind("c", num(sums.get("c"))).bind("m", num(sums.get("m")))
          .bind("d", num(sums.get("d"))).bind("n", num(sums.get("n"))).bind("h", host)
          .execute();
    });
  }

  private void subtract(Handle h, String host, int c, int m, int d, int vms) {
    h.createUpdate("UPDATE compute_nodes SET vcpus_used = vcpus_used - :c,"
            + " memory_mb_used = memory_mb_used - :m, local_gb_used = local_gb_used - :d,"
            + " running_vms = running_vms - :n, updated_at = :t WHERE host = :h")
        .bind("c", c).bind("m", m).bind("d", d).bind("n", vms).bind("t", clock.millis())
        .bind("h", host).execute();
  }

  private static int num(Object o) {
    return o == null ? 0 : ((Number) o).intValue();
  }

  private static HostRow row(ResultSet rs) throws SQLException {
    long seen = rs.getLong("last_seen_up");
    Long lastSeen = rs.wasNull() ? null : seen;
    return new HostRow(rs.getString("host"), rs.getString("service_id"), rs.getString("zone"),
        rs.getBoolean("disabled"), rs.getString("disabled_reason"),
        rs.getBoolean("forced_down"), lastSeen, rs.getString("id"),
        rs.getString("hypervisor_hostname"), rs.getString("hypervisor_type"),
        rs.getLong("hypervisor_version"), rs.getString("host_ip"), rs.getString("cpu_arch"),
        rs.getInt("vcpus"), rs.getInt("memory_mb"), rs.getInt("local_gb"),
        rs.getInt("vcpus_used"), rs.getInt("memory_mb_used"), rs.getInt("local_gb_used"),
        rs.getInt("running_vms"), rs.getDouble("cpu_allocation_ratio"),
        rs.getDouble("ram_allocation_ratio"), rs.getDouble("disk_allocation_ratio"));
  }
}
