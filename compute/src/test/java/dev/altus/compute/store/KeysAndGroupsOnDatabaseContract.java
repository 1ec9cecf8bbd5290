package dev.altus.compute.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.compute.model.ServerGroup;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The key pair and server group tables on a real PostgreSQL: migration, keys, order. */
abstract class KeysAndGroupsOnDatabaseContract {
  static Database db;

  static void open(DatabaseConfig c) {
    db = new Database(c).migrate(List.of("compute"));
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @Test
  void keyPairsGetIncreasingIdsAndUniqueNamesPerUser() {
    KeyPairStore store = new KeyPairStore(db.jdbi());
    var a = store.insert("u1", "k", "ssh", "ssh-ed25519 AAAA", "aa", 1);
    var b = store.insert("u2", "k", "ssh", "ssh-ed25519 AAAA", "aa", 2);
    assertThat(b.id()).isGreaterThan(a.id());
    assertThatThrownBy(() -> store.insert("u1", "k", "ssh", "x", "y", 3))
        .isInstanceOf(RuntimeException.class);
    assertThat(store.find("u1", "k").orElseThrow().id()).isEqualTo(a.id());
    assertThat(store.count("u1")).isEqualTo(1);
    assertThat(store.delete("u1", "k")).isTrue();
    assertThat(store.delete("u1", "k")).isFalse();
  }

  @Test
  void groupsAndMembersKeepTheirOrder() {
    ServerGroupStore store = new ServerGroupStore(db.jdbi());
    for (String id : List.of("g-b", "g-a")) {
      store.insert(new ServerGroup(id, id, "p", "u", "anti-affinity", id.equals("g-b") ? 2 : null,
          5, List.of()));
    }
    assertThat(store.list("p").stream().map(ServerGroup::id)).containsExactly("g-b", "g-a");
    assertThat(store.list(null)).hasSize(2);
    for (String s : List.of("s3", "s1", "s2")) {
      store.addMember("g-b", s, 7);
    }
    assertThat(store.find("g-b").orElseThrow().members()).containsExactly("s3", "s1", "s2");
    assertThat(store.find("g-b").orElseThrow().maxServerPerHost()).isEqualTo(2);
    assertThat(store.find("g-a").orElseThrow().maxServerPerHost()).isNull();
    assertThatThrownBy(() -> store.addMember("g-a", "s1", 8)).isInstanceOf(RuntimeException.class);
    assertThat(store.delete("g-b")).isTrue();
    assertThat(store.groupIdOf("s1")).isEmpty();
  }
}
