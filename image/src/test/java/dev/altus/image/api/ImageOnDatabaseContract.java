package dev.altus.image.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.db.DatabaseConfig;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The image service's SQL on every supported server database (PostgreSQL, MariaDB; a subclass each): images, upload,
 * PATCH, listing, members and metadata definitions.
 */
abstract class ImageOnDatabaseContract {
  static ImageApiHarness h;

  static void open(DatabaseConfig db) throws Exception {
    h = new ImageApiHarness(db, c -> c.withQuotas(10, 1000));
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void imageFlowOnPostgres() throws Exception {
    String admin = h.adminToken();
    String demo = h.demoToken();
    String demoProject = h.projectId(demo);
    var created = h.json("POST", "/v2/images", "{\"name\": \"pg\", \"disk_format\": \"raw\","
        + " \"container_format\": \"bare\", \"tags\": [\"t\"], \"os_distro\": \"x\"}", admin);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String id = created.body().get("id").asText();
    assertThat(h.send("PUT", "/v2/images/" + id + "/file", "hello".getBytes(),
        "application/octet-stream", admin, Map.of()).status()).isEqualTo(204);
    assertThat(h.send("PUT", "/v2/images/" + id + "/file", new byte[2000],
        "application/octet-stream", admin, Map.of()).status()).isEqualTo(409);
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"add\", \"path\": \"/k\", \"value\": \"v\"}]",
        admin).body().get("k").asText()).isEqualTo("v");
    assertThat(h.json("GET", "/v2/images?os_distro=x&sort=size:desc,name:asc", null, admin).body()
        .get("images")).hasSize(1);
    assertThat(h.json("POST", "/v2/images/" + id + "/members", "{\"member\": \"" + demoProject
        + "\"}", admin).status()).isEqualTo(200);
    assertThat(h.json("PUT", "/v2/images/" + id + "/members/" + demoProject,
        "{\"status\": \"accepted\"}", demo).status()).isEqualTo(200);
    assertThat(h.json("GET", "/v2/images?name=pg", null, demo).body().get("images")).hasSize(1);
    assertThat(h.json("POST", "/v2/metadefs/namespaces", "{\"namespace\": \"pgns\", \"tags\":"
        + " [{\"name\": \"a\"}]}", admin).status()).isEqualTo(201);
    assertThat(h.json("PUT", "/v2/metadefs/namespaces/pgns", "{\"namespace\": \"pgns2\"}", admin)
        .status()).isEqualTo(200);
    assertThat(h.json("GET", "/v2/metadefs/namespaces/pgns2/tags", null, admin).body().get("tags"))
        .hasSize(1);
    assertThat(h.json("DELETE", "/v2/images/" + id, null, admin).status()).isEqualTo(204);
    assertThat(h.json("GET", "/v2/images/" + id, null, admin).status()).isEqualTo(404);
  }
}
