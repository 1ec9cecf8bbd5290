package dev.altus.compute.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.common.error.ApiException;
import dev.altus.compute.model.Flavor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Counting quotas as Nova does: as many as fit, 403 naming what is exceeded. */
class QuotaCheckTest {
  private static final Flavor SMALL = new Flavor("2", "m1.small", 1, 2048, 20, 0, 0, 1, true,
      false, null, Map.of());
  private final QuotaLimits limits = (p, u) -> Map.of("instances", 10, "cores", 20, "ram", 51200,
      "metadata_items", 3);

  private QuotaCheck withUsage(int instances, int cores, int ram) {
    return new QuotaCheck(limits, (p, u) -> new ProjectUsage.Usage(instances, cores, ram));
  }

  @Test
  void allowsAsManyAsFitBetweenMinAndMax() {
    assertThat(withUsage(7, 7, 7 * 2048).allowed("p", "u", SMALL, 1, 5)).isEqualTo(3);
    assertThat(withUsage(0, 0, 0).allowed("p", "u", SMALL, 1, 5)).isEqualTo(5);
  }

  @Test
  void refusesBelowMinWithNovasMessage() {
    assertThatThrownBy(() -> withUsage(10, 10, 20480).allowed("p", "u", SMALL, 1, 1))
        .isInstanceOf(ApiException.class)
        .hasMessage("Quota exceeded for instances: Requested 1, but already used 10 of 10"
            + " instances")
        .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(403));
  }

  @Test
  void growthOfAResizeCountsOnlyTheDifference() {
    QuotaCheck q = withUsage(1, 1, 2048);
    q.grow("p", "u", 1, 49152);
    assertThatThrownBy(() -> q.grow("p", "u", 0, 49153)).hasMessageContaining("ram");
    assertThatThrownBy(() -> q.grow("p", "u", 20, 0)).hasMessageContaining("cores");
    q.grow("p", "u", -1, -1024); // shrinking is always fine
  }

  @Test
  void metadataItems() {
    withUsage(0, 0, 0).metadata("p", "u", 3);
    assertThatThrownBy(() -> withUsage(0, 0, 0).metadata("p", "u", 4))
        .hasMessageContaining("metadata_items");
  }

  @Test
  void personalityFiles() {
    QuotaCheck q = new QuotaCheck((p, u) -> Map.of("injected_files", 2,
        "injected_file_path_bytes", 10, "injected_file_content_bytes", 4),
        (p, u) -> new ProjectUsage.Usage(0, 0, 0));
    String abc = java.util.Base64.getEncoder().encodeToString("abc".getBytes());
    q.injectedFiles("p", "u", Map.of("/a", abc, "/b", abc));
    assertThatThrownBy(() -> q.injectedFiles("p", "u", Map.of("/a", abc, "/b", abc, "/c", abc)))
        .hasMessage("Personality file limit exceeded");
    assertThatThrownBy(() -> q.injectedFiles("p", "u", Map.of("/a/very/long/path", abc)))
        .hasMessageContaining("path exceeds maximum 10");
    assertThatThrownBy(() -> q.injectedFiles("p", "u", Map.of("/a",
        java.util.Base64.getEncoder().encodeToString("abcde".getBytes()))))
        .hasMessageContaining("content exceeds maximum 4");
  }

  @Test
  void noLimitsMeansUnlimited() {
    QuotaCheck q = new QuotaCheck((p, u) -> Map.of(), (p, u) -> new ProjectUsage.Usage(99, 99,
        99999));
    assertThat(q.allowed("p", "u", SMALL, 1, 100)).isEqualTo(100);
  }
}
