package dev.altus.compute.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Compare-and-set changes of servers: a change applies only from the expected state. */
class ServerStoreTest {
  private final StoreFixture f = new StoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void roundTripsAServerWithItsFlavorAndSpec() {
    Server s = f.insert(StoreFixture.flavor(2, 2048, 20));
    assertThat(s.seq()).isPositive();
    assertThat(s.instanceName()).matches("instance-[0-9a-f]{8}");
    assertThat(s.flavor().memoryMb()).isEqualTo(2048);
    assertThat(s.status()).isEqualTo("BUILD");
    assertThat(s.securityGroups()).containsExactly("default");
  }

  @Test
  void changeAppliesOnlyInExpectedStates() {
    Server s = f.insert(StoreFixture.flavor(1, 512, 1));
    assertThat(f.servers.apply(ServerUpdate.of(s.id()).whenVm(ServerStates.ACTIVE)
        .whenIdle().task(ServerStates.POWERING_OFF))).as("not active yet").isFalse();
    assertThat(f.servers.apply(ServerUpdate.of(s.id()).whenVm(ServerStates.BUILDING)
        .whenTask(ServerStates.SCHEDULING).vm(ServerStates.ACTIVE).task(null))).isTrue();
    assertThat(f.servers.apply(ServerUpdate.of(s.id()).whenVm(ServerStates.ACTIVE)
        .whenIdle().task(ServerStates.POWERING_OFF))).isTrue();
    assertThat(f.servers.apply(ServerUpdate.of(s.id()).whenVm(ServerStates.ACTIVE)
        .whenIdle().task(ServerStates.PAUSING))).as("a task runs").isFalse();
    assertThat(f.servers.find(s.id()).orElseThrow().taskState())
        .isEqualTo(ServerStates.POWERING_OFF);
  }

  @Test
  void ofTwoRacingActionsExactlyOneWins() throws Exception {
    Server s = f.insert(StoreFixture.flavor(1, 512, 1));
    f.servers.apply(ServerUpdate.of(s.id()).vm(ServerStates.ACTIVE).task(null));
    var pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String task = i % 2 == 0 ? ServerStates.POWERING_OFF : ServerStates.PAUSING;
      Callable<Boolean> c = () -> f.servers.apply(ServerUpdate.of(s.id())
          .whenVm(ServerStates.ACTIVE).whenIdle().task(task));
      results.add(pool.submit(c));
    }
    int wins = 0;
    for (Future<Boolean> r : results) {
      wins += r.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(wins).isEqualTo(1);
  }

  @Test
  void notDeletingGuardStopsChangesOfADeletingServer() {
    Server s = f.insert(StoreFixture.flavor(1, 512, 1));
    assertThat(f.servers.apply(ServerUpdate.of(s.id()).whenNotDeleting()
        .task(ServerStates.DELETING))).isTrue();
    assertThat(f.servers.apply(ServerUpdate.of(s.id()).whenNotDeleting()
        .task(ServerStates.DELETING))).isFalse();
    assertThat(f.servers.apply(ServerUpdate.of(s.id()).whenVm(ServerStates.BUILDING)
        .whenTask(ServerStates.SCHEDULING).set("host", "h1"))).isFalse();
  }

  @Test
  void refusesColumnsThatAreNotSettable() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerUpdate.of("x")
        .set("project_id", "evil")).isInstanceOf(IllegalArgumentException.class);
  }
}
