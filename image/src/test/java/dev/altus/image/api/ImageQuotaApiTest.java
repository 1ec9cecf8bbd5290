package dev.altus.image.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-project quotas: image count and stored bytes; 413 over quota and nothing left behind. */
class ImageQuotaApiTest {
  static ImageApiHarness h;
  static String demo;

  @BeforeAll
  static void up() throws Exception {
    h = new ImageApiHarness(c -> c.withQuotas(3, 100));
    demo = h.demoToken();
  }

  @AfterAll
  static void down() {
    h.close();
  }

  @Test
  void overQuotaUploadsAndCreatesAre413AndLeaveNothing() throws Exception {
    String a = h.json("POST", "/v2/images", "{\"disk_format\": \"raw\", \"container_format\":"
        + " \"bare\"}", demo).body().get("id").asText();
    assertThat(h.send("PUT", "/v2/images/" + a + "/file", new byte[60], "application/octet-stream",
        demo, Map.of()).status()).isEqualTo(204);
    String b = h.json("POST", "/v2/images", "{\"disk_format\": \"raw\", \"container_format\":"
        + " \"bare\"}", demo).body().get("id").asText();
    var over = h.send("PUT", "/v2/images/" + b + "/file", new byte[41], "application/octet-stream",
        demo, Map.of());
    assertThat(over.status()).isEqualTo(413);
    assertThat(h.json("GET", "/v2/images/" + b, null, demo).body().get("status").asText())
        .isEqualTo("queued");
    assertThat(Files.exists(h.dataDir.resolve("images").resolve(b))).isFalse();
    try (var s = Files.list(h.dataDir.resolve("images/.incoming"))) {
      assertThat(s.count()).isZero();
    }
    assertThat(h.send("PUT", "/v2/images/" + b + "/file", new byte[40], "application/octet-stream",
        demo, Map.of()).status()).isEqualTo(204);
    assertThat(h.json("POST", "/v2/images", "{}", demo).status()).isEqualTo(201);
    assertThat(h.json("POST", "/v2/images", "{}", demo).status()).isEqualTo(413);
  }

  @Test
  void concurrentUploadsCannotTogetherExceedTheStorageQuota() throws Exception {
    try (ImageApiHarness q = new ImageApiHarness(c -> c.withQuotas(-1, 100))) {
      String token = q.demoToken();
      var ids = new java.util.ArrayList<String>();
      for (int i = 0; i < 4; i++) {
        ids.add(q.json("POST", "/v2/images", "{\"disk_format\": \"raw\", \"container_format\":"
            + " \"bare\"}", token).body().get("id").asText());
      }
      var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      var results = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
      for (String id : ids) {
        results.add(pool.submit(() -> q.send("PUT", "/v2/images/" + id + "/file", new byte[60],
            "application/octet-stream", token, Map.of()).status()));
      }
      int ok = 0;
      for (var f : results) {
        int st = f.get();
        assertThat(st).isIn(204, 413);
        ok += st == 204 ? 1 : 0;
      }
      pool.shutdown();
      assertThat(ok).isEqualTo(1);
      try (var files = Files.list(q.dataDir.resolve("images"))) {
        assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
      }
    }
  }
}
