package dev.altus.volume.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.common.error.ApiException;
import org.junit.jupiter.api.Test;

class VolumeStatesTest {
  @Test
  void deleteOnlyFromRestingStatuses() {
    assertThat(VolumeStates.allowed(VolumeStates.Op.DELETE, "available")).isTrue();
    assertThat(VolumeStates.allowed(VolumeStates.Op.DELETE, "error")).isTrue();
    for (String s : new String[] {"in-use", "attaching", "detaching", "creating", "extending",
        "deleting", "reserved"}) {
      assertThat(VolumeStates.allowed(VolumeStates.Op.DELETE, s)).as(s).isFalse();
    }
  }

  @Test
  void attachCycle() {
    assertThat(VolumeStates.allowed(VolumeStates.Op.RESERVE, "available")).isTrue();
    assertThat(VolumeStates.allowed(VolumeStates.Op.RESERVE, "in-use")).isFalse();
    assertThat(VolumeStates.allowed(VolumeStates.Op.ATTACH, "attaching")).isTrue();
    assertThat(VolumeStates.allowed(VolumeStates.Op.ATTACH, "in-use")).isFalse();
    assertThat(VolumeStates.allowed(VolumeStates.Op.BEGIN_DETACHING, "in-use")).isTrue();
    assertThat(VolumeStates.allowed(VolumeStates.Op.BEGIN_DETACHING, "available")).isFalse();
    assertThat(VolumeStates.allowed(VolumeStates.Op.ROLL_DETACHING, "detaching")).isTrue();
    assertThat(VolumeStates.afterDetach(0)).isEqualTo("available");
    assertThat(VolumeStates.afterDetach(1)).isEqualTo("in-use");
    assertThat(VolumeStates.attachStatus(0)).isEqualTo("detached");
  }

  @Test
  void extendAndSnapshotOfAttachedVolumesNeedTheirVariant() {
    assertThat(VolumeStates.allowed(VolumeStates.Op.EXTEND, "in-use")).isFalse();
    assertThat(VolumeStates.allowed(VolumeStates.Op.EXTEND_ATTACHED, "in-use")).isTrue();
    assertThat(VolumeStates.allowed(VolumeStates.Op.SNAPSHOT, "in-use")).isFalse();
    assertThat(VolumeStates.allowed(VolumeStates.Op.SNAPSHOT_FORCED, "in-use")).isTrue();
    assertThat(VolumeStates.allowed(VolumeStates.Op.SNAPSHOT_FORCED, "creating")).isFalse();
  }

  @Test
  void aRefusedTransitionIsA400NamingBothStatuses() {
    assertThatThrownBy(() -> VolumeStates.check(VolumeStates.Op.DELETE, "v1", "in-use"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("v1").hasMessageContaining("in-use")
        .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
  }
}
