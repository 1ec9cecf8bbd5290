package dev.altus.volume.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.volume.model.VolumeType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private final Scheduler s = new Scheduler(Map.of("volume_backend_name", "file",
      "storage_protocol", "file", "vendor_name", "Open Source"));

  private static VolumeType type(Map<String, String> specs) {
    return new VolumeType("t1", "gold", null, true, specs);
  }

  @Test
  void aTypeWhoseSpecsMatchOrNameNoCapabilityFits() {
    assertThat(s.refusal(type(Map.of()), true, "h@file")).isNull();
    assertThat(s.refusal(type(Map.of("volume_backend_name", "file", "other", "x")), true,
        "h@file")).isNull();
    assertThat(s.refusal(type(Map.of("capabilities:storage_protocol", "<is> file")), true,
        "h@file")).isNull();
  }

  @Test
  void aMismatchOrADisabledServiceIsRefusedWithTheReason() {
    assertThat(s.refusal(type(Map.of("vendor_name", "Acme")), true, "h@file"))
        .contains("vendor_name").contains("Open Source").contains("Acme");
    assertThat(s.refusal(type(Map.of()), false, "h@file")).contains("disabled");
  }
}
