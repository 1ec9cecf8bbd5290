package dev.altus.network.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.common.json.Json;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceStoreKeysTest {
  private Database db;
  private ResourceStore store;

  @BeforeEach
  void open() {
    db = new Database(DatabaseConfig.inMemory("keys-" + UUID.randomUUID())).migrate(List.of("network"));
    store = new ResourceStore(db.jdbi());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static ObjectNode port(String id, String device, String group, String... ips) {
    ObjectNode p = Json.object().put("id", id).put("network_id", "net").put("device_id", device)
        .put("device_owner", "compute:nova").put("mac_address", "fa:16:3e:00:00:" + id.substring(1));
    var fixed = p.putArray("fixed_ips");
    for (String ip : ips) {
      fixed.addObject().put("subnet_id", "sub").put("ip_address", ip);
    }
    p.putArray("security_groups").add(group);
    return p;
  }

  @Test
  void lookupsFollowInsertUpdateAndDelete() {
    store.insert("port", port("p01", "vm1", "sg1", "10.0.0.5", "10.0.0.6"));
    store.insert("port", port("p02", "vm1", "sg2", "10.0.0.7"));
    store.insert("port", port("p03", "vm2", "sg1", "10.0.0.8"));
    assertThat(ids(store.listByKey("port", "device_id", "vm1"))).containsExactly("p01", "p02");
    assertThat(ids(store.listByKey("port", "ip_address", "10.0.0.6"))).containsExactly("p01");
    assertThat(ids(store.listByKey("port", "security_group", "sg1"))).containsExactly("p01", "p03");
    assertThat(store.existsByKey("port", "security_group", "sg2")).isTrue();

    // an update moves the keys: the old values no longer find it
    store.update("port", port("p01", "vm3", "sg2", "10.0.0.9"));
    assertThat(ids(store.listByKey("port", "device_id", "vm1"))).containsExactly("p02");
    assertThat(ids(store.listByKey("port", "device_id", "vm3"))).containsExactly("p01");
    assertThat(store.listByKey("port", "ip_address", "10.0.0.6")).isEmpty();
    assertThat(ids(store.listByKey("port", "security_group", "sg1"))).containsExactly("p03");

    store.delete("port", "p03");
    assertThat(store.existsByKey("port", "security_group", "sg1")).isFalse();
    assertThat(store.listByKey("port", "device_id", "vm2")).isEmpty();
    assertThatThrownBy(() -> store.listByKey("port", "name", "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void documentsWrittenBeforeTheIndexAreIndexedAtStart() {
    // as a version without the index wrote them: the document alone
    ObjectNode old = port("p09", "vm9", "sg9", "10.0.0.99");
    db.jdbi().useHandle(h -> h.createUpdate("INSERT INTO neutron_resource (id, kind, project_id,"
            + " network_id, body) VALUES ('p09', 'port', 'proj', 'net', :body)")
        .bind("body", Json.text(old)).execute());
    assertThat(store.listByKey("port", "device_id", "vm9")).isEmpty();
    assertThat(store.indexMissing()).isEqualTo(1);
    assertThat(ids(store.listByKey("port", "device_id", "vm9"))).containsExactly("p09");
    assertThat(store.indexMissing()).isZero();
  }

  @Test
  void rulesAreFoundByGroupAndRemoteGroup() {
    store.insert("security_group_rule", Json.object().put("id", "r1").put("security_group_id", "g1")
        .putNull("remote_group_id"));
    store.insert("security_group_rule", Json.object().put("id", "r2").put("security_group_id", "g2")
        .put("remote_group_id", "g1"));
    assertThat(ids(store.listByKey("security_group_rule", "security_group_id", "g1"))).containsExactly("r1");
    assertThat(ids(store.listByKey("security_group_rule", "remote_group_id", "g1"))).containsExactly("r2");
  }

  private static List<String> ids(List<ObjectNode> docs) {
    return docs.stream().map(d -> d.get("id").asText()).toList();
  }
}
