package dev.altus.compute.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The status Nova shows for each vm_state and task_state. */
class ServerStatesTest {
  @Test
  void statusFollowsVmAndTaskState() {
    assertThat(ServerStates.status("building", "scheduling")).isEqualTo("BUILD");
    assertThat(ServerStates.status("active", null)).isEqualTo("ACTIVE");
    assertThat(ServerStates.status("active", "powering-off")).isEqualTo("ACTIVE");
    assertThat(ServerStates.status("active", "rebooting")).isEqualTo("REBOOT");
    assertThat(ServerStates.status("active", "rebooting_hard")).isEqualTo("HARD_REBOOT");
    assertThat(ServerStates.status("active", "rebuilding")).isEqualTo("REBUILD");
    assertThat(ServerStates.status("stopped", "rebuilding")).isEqualTo("REBUILD");
    assertThat(ServerStates.status("error", "rebuild_spawning")).isEqualTo("REBUILD");
    assertThat(ServerStates.status("active", "resize_prep")).isEqualTo("RESIZE");
    assertThat(ServerStates.status("stopped", "resize_migrating")).isEqualTo("RESIZE");
    assertThat(ServerStates.status("resized", null)).isEqualTo("VERIFY_RESIZE");
    assertThat(ServerStates.status("resized", "resize_reverting")).isEqualTo("REVERT_RESIZE");
    assertThat(ServerStates.status("stopped", null)).isEqualTo("SHUTOFF");
    assertThat(ServerStates.status("paused", null)).isEqualTo("PAUSED");
    assertThat(ServerStates.status("suspended", null)).isEqualTo("SUSPENDED");
    assertThat(ServerStates.status("rescued", null)).isEqualTo("RESCUE");
    assertThat(ServerStates.status("error", null)).isEqualTo("ERROR");
    assertThat(ServerStates.status("deleted", null)).isEqualTo("DELETED");
    assertThat(ServerStates.status("soft-delete", null)).isEqualTo("SOFT_DELETED");
    assertThat(ServerStates.status("shelved_offloaded", null)).isEqualTo("SHELVED_OFFLOADED");
  }

  @Test
  void statusFiltersMapBackToVmStates() {
    assertThat(ServerStates.vmStatesFor("shutoff")).containsExactly("stopped");
    assertThat(ServerStates.vmStatesFor("VERIFY_RESIZE")).containsExactly("resized");
    assertThat(ServerStates.vmStatesFor("RESIZE")).containsExactlyInAnyOrder("active",
        "stopped");
    assertThat(ServerStates.taskStatesFor("HARD_REBOOT")).containsExactly("rebooting_hard");
    assertThat(ServerStates.vmStatesFor("NOT_A_STATUS")).isNull();
  }

  @Test
  void progressOnlyInProgressStatuses() {
    assertThat(ServerStates.showsProgress("BUILD")).isTrue();
    assertThat(ServerStates.showsProgress("ACTIVE")).isTrue();
    assertThat(ServerStates.showsProgress("SHUTOFF")).isFalse();
    assertThat(ServerStates.showsProgress("ERROR")).isFalse();
  }
}
