package dev.altus.network.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.common.json.Json;
import dev.altus.network.store.AllocationStore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IpAllocatorTest {
  private Database db;
  private AllocationStore store;
  private IpAllocator ipam;

  @BeforeEach
  void open() {
    db = new Database(DatabaseConfig.inMemory("ipam-" + UUID.randomUUID())).migrate(List.of("network"));
    store = new AllocationStore(db.jdbi());
    ipam = new IpAllocator(store);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static ObjectNode subnet(String... pools) {
    ObjectNode s = Json.object().put("id", "sub").put("network_id", "net");
    var arr = s.putArray("allocation_pools");
    for (int i = 0; i < pools.length; i += 2) {
      arr.addObject().put("start", pools[i]).put("end", pools[i + 1]);
    }
    return s;
  }

  @Test
  void aSmallPoolHandsOutItsLowAddressesAndEveryAddressOnce() {
    ObjectNode s = subnet("10.0.0.2", "10.0.0.62");
    Set<String> got = new HashSet<>();
    for (int i = 0; i < 61; i++) {
      String ip = ipam.allocate(s, "p" + i).orElseThrow();
      assertThat(got.add(ip)).as(ip).isTrue();
    }
    assertThat(ipam.allocate(s, "one-too-many")).isEmpty();
  }

  @Test
  void aLargePoolIsProbedByKeyAndStillFillsToTheLastAddress() {
    // two pools of 65 addresses together, "large" for an allocator whose bound is 64: random
    // claims come first, the ordered read only when none of them finds a free address
    IpAllocator large = new IpAllocator(store, 64);
    ObjectNode s = subnet("10.1.0.0", "10.1.0.64", "10.2.0.0", "10.2.0.64");
    assertThat(IpAllocator.poolSize(s).intValue()).isEqualTo(2 * 65);
    assertThat(IpAllocator.SMALL_POOL).isEqualTo(4096);
    Set<String> got = new HashSet<>();
    for (int i = 0; i < 2 * 65; i++) {
      String ip = large.allocate(s, "p" + i).orElseThrow();
      assertThat(got.add(ip)).as(ip).isTrue();
      assertThat(ip).matches("10\\.[12]\\.0\\.(\\d|[1-5]\\d|6[0-4])");
    }
    assertThat(store.countIps("sub")).isEqualTo(2 * 65);
    assertThat(large.allocate(s, "one-too-many")).isEmpty();
  }
}
