package dev.altus.image.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Metadata definitions through real HTTP: admin-only writes, visibility, protection, contents. */
class MetadefApiTest {
  static ImageApiHarness h;
  static String admin;
  static String demo;

  @BeforeAll
  static void up() throws Exception {
    h = new ImageApiHarness();
    admin = h.adminToken();
    demo = h.demoToken();
  }

  @AfterAll
  static void down() {
    h.close();
  }

  @Test
  void namespaceLifecycleWithContents() throws Exception {
    var types = h.json("GET", "/v2/metadefs/resource_types", null, demo).body();
    assertThat(types.get("resource_types").get(0).get("name").asText()).startsWith("OS::");
    var ns = h.json("POST", "/v2/metadefs/namespaces", """
        {"namespace": "ns1", "visibility": "public", "protected": true,
         "resource_type_associations": [{"name": "OS::Glance::Image", "prefix": "hw_"}],
         "properties": {"cpu": {"title": "CPU", "type": "string", "enum": ["a", "b"]}}}
        """, admin);
    assertThat(ns.status()).as(ns.text()).isEqualTo(201);
    assertThat(h.json("POST", "/v2/metadefs/namespaces", "{\"namespace\": \"ns1\"}", admin).status())
        .isEqualTo(409);
    assertThat(h.json("POST", "/v2/metadefs/namespaces", "{\"namespace\": \"x\"}", demo).status())
        .isEqualTo(403);
    assertThat(h.json("POST", "/v2/metadefs/namespaces", "{\"display_name\": \"x\"}", admin)
        .status()).isEqualTo(400);
    var shown = h.json("GET", "/v2/metadefs/namespaces/ns1", null, demo).body();
    assertThat(shown.path("properties").path("cpu").path("title").asText()).isEqualTo("CPU");
    assertThat(shown.path("resource_type_associations").get(0).path("prefix").asText())
        .isEqualTo("hw_");
    assertThat(h.json("DELETE", "/v2/metadefs/namespaces/ns1", null, admin).status()).isEqualTo(403);

    assertThat(h.json("POST", "/v2/metadefs/namespaces/ns1/objects", "{\"name\": \"o1\","
        + " \"required\": [\"cpu\"]}", admin).status()).isEqualTo(201);
    assertThat(h.json("PUT", "/v2/metadefs/namespaces/ns1/objects/o1", "{\"name\": \"o2\"}", admin)
        .body().get("name").asText()).isEqualTo("o2");
    assertThat(h.json("GET", "/v2/metadefs/namespaces/ns1/objects/o1", null, admin).status())
        .isEqualTo(404);
    assertThat(h.json("POST", "/v2/metadefs/namespaces/ns1/properties", "{\"name\": \"p\","
        + " \"title\": \"P\", \"type\": \"text\"}", admin).status()).isEqualTo(400);
    assertThat(h.json("POST", "/v2/metadefs/namespaces/ns1/tags",
        "{\"tags\": [{\"name\": \"t1\"}, {\"name\": \"t2\"}]}", admin).status()).isEqualTo(201);
    assertThat(h.json("GET", "/v2/metadefs/namespaces/ns1/tags", null, demo).body().get("tags"))
        .hasSize(2);
    assertThat(h.json("POST", "/v2/metadefs/namespaces/ns1/tags/t3", null, admin).status())
        .isEqualTo(201);
    assertThat(h.json("DELETE", "/v2/metadefs/namespaces/ns1/tags", null, admin).status())
        .isEqualTo(204);
    assertThat(h.json("GET", "/v2/metadefs/namespaces/ns1/tags", null, demo).body().get("tags"))
        .isEmpty();

    var upd = h.json("PUT", "/v2/metadefs/namespaces/ns1", "{\"namespace\": \"ns1\","
        + " \"visibility\": \"private\", \"protected\": false}", admin);
    assertThat(upd.body().get("visibility").asText()).isEqualTo("private");
    // a private namespace of another project is invisible
    assertThat(h.json("GET", "/v2/metadefs/namespaces/ns1", null, demo).status()).isEqualTo(404);
    assertThat(h.json("DELETE", "/v2/metadefs/namespaces/ns1", null, admin).status()).isEqualTo(204);
    assertThat(h.json("GET", "/v2/metadefs/namespaces/ns1/objects/o2", null, admin).status())
        .isEqualTo(404);
  }

  @Test
  void schemasNameTheirDocuments() throws Exception {
    assertThat(h.json("GET", "/v2/schemas/metadefs/resource_type", null, demo).body().get("name")
        .asText()).isEqualTo("resource_type_association");
    assertThat(h.json("GET", "/v2/schemas/metadefs/properties", null, demo).body().get("name")
        .asText()).isEqualTo("properties");
  }
}
