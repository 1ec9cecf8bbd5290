package dev.altus.compute.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.altus.common.json.Json;
import dev.altus.compute.model.ServerPort;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The instance_ports table: each server's interfaces as the network service last reported them
 * (Nova's network info cache), so that lists show addresses without a call per server.
 */
public final class ServerPortStore {
  private final Jdbi jdbi;

  public ServerPortStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<ServerPort> of(String serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM instance_ports"
            + " WHERE instance_id = :id ORDER BY position").bind("id", serverId)
        .map((rs, c) -> row(rs)).list());
  }

  public Map<String, List<ServerPort>> ofAll(Collection<String> serverIds) {
    Map<String, List<ServerPort>> out = new HashMap<>();
    for (List<String> chunk : Chunks.of(serverIds)) {
      jdbi.useHandle(h -> h.createQuery("SELECT * FROM instance_ports"
              + " WHERE instance_id IN (<ids>) ORDER BY position").bindList("ids", chunk)
          .map((rs, c) -> row(rs))
          .forEach(p -> out.computeIfAbsent(p.serverId(), k -> new ArrayList<>()).add(p)));
    }
    return out;
  }

  /** Adds or replaces one interface. */
  public void put(ServerPort p) {
    jdbi.useTransaction(h -> {
      h.createUpdate("DELETE FROM instance_ports WHERE instance_id = :s AND port_id = :p")
          .bind("s", p.serverId()).bind("p", p.portId()).execute();
      h.createUpdate("INSERT INTO instance_ports (instance_id, port_id, position, network_id,"
              + " network_name, mac_address, addresses, created_by_compute, tag)"
              + " VALUES (:s, :p, :pos, :net, :netName, :mac, :addrs, :ours, :tag)")
          .bind("s", p.serverId()).bind("p", p.portId()).bind("pos", p.position())
          .bind("net", p.networkId()).bind("netName", p.networkName())
          .bind("mac", p.macAddress()).bind("addrs", JsonColumns.write(p.addresses()))
          .bind("ours", p.createdByCompute()).bind("tag", p.tag()).execute();
    });
  }

  public void remove(String serverId, String portId) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM instance_ports WHERE instance_id = :s"
        + " AND port_id = :p").bind("s", serverId).bind("p", portId).execute());
  }

  public void removeAll(String serverId) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM instance_ports WHERE instance_id = :s")
        .bind("s", serverId).execute());
  }

  /** The next free position for a new interface of a server. */
  public int nextPosition(String serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(position) + 1, 0)"
        + " FROM instance_ports WHERE instance_id = :s").bind("s", serverId)
        .mapTo(Integer.class).one());
  }

  private static ServerPort row(ResultSet rs) throws SQLException {
    List<ServerPort.Address> addrs;
    try {
      addrs = Json.MAPPER.readValue(rs.getString("addresses"),
          new TypeReference<List<ServerPort.Address>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored addresses are not readable", e);
    }
    return new ServerPort(rs.getString("instance_id"), rs.getString("port_id"),
        rs.getInt("position"), rs.getString("network_id"), rs.getString("network_name"),
        rs.getString("mac_address"), addrs, rs.getBoolean("created_by_compute"),
        rs.getString("tag"));
  }
}
