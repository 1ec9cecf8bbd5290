package dev.altus.compute.store;

import dev.altus.compute.model.Fault;
import dev.altus.compute.model.Flavor;
import dev.altus.compute.model.RequestSpec;
import dev.altus.compute.model.Server;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** The instances table: servers, their states and compare-and-set changes. */
public final class ServerStore {
  private final Jdbi jdbi;
  private final Clock clock;

  public ServerStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** Inserts a new server (its seq is assigned by the database). */
  public void insert(Handle h, Server s) {
    h.createUpdate("INSERT INTO instances (id, name, project_id, user_id, host, node,"
            + " claimed_host, availability_zone, vm_state, task_state, power_state,"
            + " previous_vm_state, flavor, flavor_id, vcpus, memory_mb, root_gb, ephemeral_gb,"
            + " image_ref, key_name, key_data, user_data, access_ipv4, access_ipv6, description,"
            + " locked, hostname, launch_index, reservation_id, config_drive, auto_disk_config,"
            + " security_groups,"
            + " request_spec, created_at, updated_at, deleted)"
            + " VALUES (:id, :name, :project, :user, :host, :node, :claimed, :az, :vm, :task,"
            + " :power, :prev, :flavor, :flavorId, :vcpus, :ram, :root, :eph, :image, :keyName,"
            + " :keyData, :userData, :ip4, :ip6, :description, FALSE, :hostname, :launchIndex,"
            + " :reservation, :configDrive, :autoDisk, :groups, :spec, :created, :created, FALSE)")
        .bind("id", s.id()).bind("name", s.name()).bind("project", s.projectId())
        .bind("user", s.userId()).bind("host", s.host()).bind("node", s.node())
        .bind("claimed", s.claimedHost()).bind("az", s.availabilityZone())
        .bind("vm", s.vmState()).bind("task", s.taskState()).bind("power", s.powerState())
        .bind("prev", s.previousVmState()).bind("flavor", JsonColumns.write(s.flavor()))
        .bind("flavorId", s.flavor().id()).bind("vcpus", s.flavor().vcpus())
        .bind("ram", s.flavor().memoryMb()).bind("root", s.flavor().rootGb())
        .bind("eph", s.flavor().ephemeralGb()).bind("image", s.imageRef())
        .bind("keyName", s.keyName()).bind("keyData", s.keyData())
        .bind("userData", s.userData()).bind("ip4", s.accessIpv4())
        .bind("ip6", s.accessIpv6()).bind("description", s.description())
        .bind("hostname", s.hostname()).bind("launchIndex", s.launchIndex())
        .bind("reservation", s.reservationId()).bind("configDrive", s.configDrive())
        .bind("autoDisk", s.autoDiskConfig())
        .bind("groups", JsonColumns.write(s.securityGroups()))
        .bind("spec", JsonColumns.write(s.requestSpec())).bind("created", s.createdAt())
        .execute();
  }

  /** A server that is not deleted. */
  public Optional<Server> find(String id) {
    return jdbi.withHandle(h -> find(h, id));
  }

  public Optional<Server> find(Handle h, String id) {
    return h.createQuery("SELECT * FROM instances WHERE id = :id AND deleted = FALSE")
        .bind("id", id).map((rs, ctx) -> row(rs)).findOne();
  }

  /** A server, deleted or not. */
  public Optional<Server> findAny(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM instances WHERE id = :id")
        .bind("id", id).map((rs, ctx) -> row(rs)).findOne());
  }

  /**
   * Servers matching simple column conditions (the SQL part of a list query); the caller filters
   * further and sorts.
   */
  public List<Server> select(ServerFilter f) {
    StringBuilder sql = new StringBuilder("SELECT * FROM instances WHERE 1 = 1");
    if (f.projectId != null) {
      sql.append(" AND project_id = :project");
    }
    if (f.userId != null) {
      sql.append(" AND user_id = :user");
    }
    if (f.deleted != null) {
      sql.append(" AND deleted = :deleted");
    }
    if (f.host != null) {
      sql.append(" AND host = :host");
    }
    if (f.vmStates != null) {
      sql.append(f.vmStates.isEmpty() ? " AND 1 = 0" : " AND vm_state IN (<vmStates>)");
    }
    if (f.flavorId != null) {
      sql.append(" AND flavor_id = :flavorId");
    }
    if (f.imageRef != null) {
      sql.append(" AND image_ref = :image");
    }
    if (f.reservationId != null) {
      sql.append(" AND reservation_id = :reservation");
    }
    if (f.changedSince != null) {
      sql.append(" AND updated_at >= :since");
    }
    if (f.changedBefore != null) {
      sql.append(" AND updated_at <= :before");
    }
    if (f.locked != null) {
      sql.append(" AND locked = :locked");
    }
    if (f.ids != null) {
      sql.append(f.ids.isEmpty() ? " AND 1 = 0" : " AND id IN (<ids>)");
    }
    return jdbi.withHandle(h -> {
      Query q = h.createQuery(sql.toString());
      if (f.projectId != null) {
        q.bind("project", f.projectId);
      }
      if (f.userId != null) {
        q.bind("user", f.userId);
      }
      if (f.deleted != null) {
        q.bind("deleted", f.deleted);
      }
      if (f.host != null) {
        q.bind("host", f.host);
      }
      if (f.vmStates != null && !f.vmStates.isEmpty()) {
        q.bindList("vmStates", f.vmStates);
      }
      if (f.flavorId != null) {
        q.bind("flavorId", f.flavorId);
      }
      if (f.imageRef != null) {
        q.bind("image", f.imageRef);
      }
      if (f.reservationId != null) {
        q.bind("reservation", f.reservationId);
      }
      if (f.changedSince != null) {
        q.bind("since", f.changedSince);
      }
      if (f.changedBefore != null) {
        q.bind("before", f.changedBefore);
      }
      if (f.locked != null) {
        q.bind("locked", f.locked);
      }
      if (f.ids != null && !f.ids.isEmpty()) {
        q.bindList("ids", f.ids);
      }
      return q.map((rs, ctx) -> row(rs)).list();
    });
  }

  /** Servers (not deleted) on a host. */
  public List<Server> onHost(String host) {
    return select(new ServerFilter().host(host).deleted(false));
  }

  /**
   * Applies a compare-and-set change; true when the server was in an expected state and changed.
   */
  public boolean apply(ServerUpdate u) {
    return jdbi.withHandle(h -> apply(h, u));
  }

  public boolean apply(Handle h, ServerUpdate u) {
    StringBuilder sql = new StringBuilder("UPDATE instances SET updated_at = :now");
    int i = 0;
    List<Object> values = new ArrayList<>();
    for (Map.Entry<String, Object> e : u.sets.entrySet()) {
      sql.append(", ").append(e.getKey()).append(" = :v").append(i++);
      values.add(e.getValue());
    }
    sql.append(" WHERE id = :id AND deleted = FALSE");
    if (u.vmStates != null) {
      sql.append(" AND vm_state IN (<vms>)");
    }
    if (!u.anyTask) {
      List<String> named = u.taskStates.stream().filter(t -> t != null).toList();
      boolean idle = u.taskStates.contains(null);
      List<String> parts = new ArrayList<>();
      if (!named.isEmpty()) {
        parts.add("task_state IN (<tasks>)");
      }
      if (idle) {
        parts.add("task_state IS NULL");
      }
      sql.append(" AND (").append(String.join(" OR ", parts)).append(")");
    }
    if (u.notDeleting) {
      sql.append(" AND (task_state IS NULL OR task_state <> 'deleting')");
    }
    var stmt = h.createUpdate(sql.toString()).bind("now", clock.millis()).bind("id", u.id);
    for (int k = 0; k < values.size(); k++) {
      Object v = values.get(k);
      String name = "v" + k;
      if (v == null) {
        stmt.bindNull(name, java.sql.Types.NULL);
      } else if (v instanceof Flavor || v instanceof RequestSpec || v instanceof List<?>) {
        stmt.bind(name, JsonColumns.write(v));
      } else {
        stmt.bindByType(name, v, v.getClass());
      }
    }
    if (u.vmStates != null) {
      stmt.bindList("vms", u.vmStates);
    }
    if (!u.anyTask) {
      List<String> named = u.taskStates.stream().filter(t -> t != null).toList();
      if (!named.isEmpty()) {
        stmt.bindList("tasks", named);
      }
    }
    return stmt.execute() == 1;
  }

  /** Records a fault on a server (whatever its state). */
  public void fault(String id, Fault f) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE instances SET fault_message = :m, fault_code = :c,"
            + " fault_details = :d, fault_created = :t, updated_at = :t WHERE id = :id")
        .bind("m", f.message()).bind("c", f.code()).bind("d", f.details())
        .bind("t", f.created()).bind("id", id).execute());
  }

  /** The encrypted password the guest posted, or "" (os-server-password). */
  public String password(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT password FROM instances WHERE id = :id")
        .bind("id", id).mapTo(String.class).findOne().orElse(null));
  }

  /** Sets (a guest posting through the metadata service) or clears (null) the password. */
  public void password(String id, String encrypted) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE instances SET password = :p WHERE id = :id")
        .bind("p", encrypted).bind("id", id).execute());
  }

  /**
   * Sets the password a guest posts through the metadata service, only when none is set (a
   * second post is refused until an operator clears it). Returns whether it was set.
   */
  public boolean passwordOnce(String id, String encrypted) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE instances SET password = :p"
            + " WHERE id = :id AND deleted = FALSE AND (password IS NULL OR password = '')")
        .bind("p", encrypted).bind("id", id).execute()) == 1;
  }

  /** The image a shelved server is kept in, if any. */
  public String shelvedImage(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT shelved_image FROM instances"
        + " WHERE id = :id").bind("id", id).mapTo(String.class).findOne().orElse(null));
  }

  /** Removes a server row for good (a create that lost a quota race, never shown). */
  public void purge(Handle h, String id) {
    h.createUpdate("DELETE FROM instances WHERE id = :id").bind("id", id).execute();
  }

  private static Server row(ResultSet rs) throws SQLException {
    Fault fault = rs.getString("fault_message") == null ? null
        : new Fault(rs.getInt("fault_code"), rs.getString("fault_message"),
            rs.getString("fault_details"), rs.getLong("fault_created"));
    return new Server(
        rs.getString("id"),
        rs.getLong("seq"),
        rs.getString("name"),
        rs.getString("project_id"),
        rs.getString("user_id"),
        rs.getString("host"),
        rs.getString("node"),
        rs.getString("claimed_host"),
        rs.getString("availability_zone"),
        rs.getString("vm_state"),
        rs.getString("task_state"),
        rs.getInt("power_state"),
        rs.getString("previous_vm_state"),
        JsonColumns.read(rs.getString("flavor"), Flavor.class),
        JsonColumns.read(rs.getString("old_flavor"), Flavor.class),
        JsonColumns.read(rs.getString("new_flavor"), Flavor.class),
        rs.getString("image_ref"),
        rs.getString("key_name"),
        rs.getString("key_data"),
        rs.getString("user_data"),
        rs.getString("access_ipv4"),
        rs.getString("access_ipv6"),
        rs.getString("description"),
        rs.getBoolean("locked"),
        rs.getString("locked_by"),
        rs.getString("locked_reason"),
        rs.getString("hostname"),
        rs.getInt("launch_index"),
        rs.getString("reservation_id"),
        rs.getString("config_drive"),
        rs.getBoolean("auto_disk_config"),
        JsonColumns.readStrings(rs.getString("security_groups")),
        JsonColumns.read(rs.getString("request_spec"), RequestSpec.class),
        rs.getLong("created_at"),
        rs.getLong("updated_at"),
        nullableLong(rs, "launched_at"),
        nullableLong(rs, "terminated_at"),
        nullableLong(rs, "deleted_at"),
        rs.getBoolean("deleted"),
        fault);
  }

  private static Long nullableLong(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }
}
