package dev.altus.compute.virt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtDriversTest {
  @Test
  void theConfiguredDriverIsFoundByName() {
    assertThat(VirtDrivers.names()).contains("fake");
    try (VirtDriver d = VirtDrivers.create("fake", "compute1", Map.of("memory_mb", "2048"))) {
      assertThat(d.name()).isEqualTo("fake");
      assertThat(d.resources().memoryMb()).isEqualTo(2048);
    }
  }

  @Test
  void anUnknownDriverOrOptionStopsTheStartWithTheFix() {
    assertThatThrownBy(() -> VirtDrivers.create("xen", "h", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.driver = xen").hasMessageContaining("fake");
    assertThatThrownBy(() -> VirtDrivers.create("fake", "h", Map.of("memory_mb", "lots")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compute.fake.memory_mb");
  }
}
