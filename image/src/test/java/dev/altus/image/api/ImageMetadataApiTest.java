package dev.altus.image.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create, PATCH, list, tags, members and bad input through real HTTP. */
class ImageMetadataApiTest {
  static ImageApiHarness h;
  static String demo;
  static String admin;
  static String demoProject;
  static String adminProject;

  @BeforeAll
  static void up() throws Exception {
    h = new ImageApiHarness();
    demo = h.demoToken();
    admin = h.adminToken();
    demoProject = h.projectId(demo);
    adminProject = h.projectId(admin);
  }

  @AfterAll
  static void down() {
    h.close();
  }

  @Test
  void createShowsGlanceDefaultsAndArbitraryProperties() throws Exception {
    var r = h.json("POST", "/v2/images", "{\"name\": \"cirros\", \"disk_format\": \"qcow2\","
        + " \"container_format\": \"bare\", \"os_distro\": \"cirros\", \"tags\": [\"a\", \"a\"],"
        + " \"min_ram\": 64}", demo);
    assertThat(r.status()).isEqualTo(201);
    var img = r.body();
    assertThat(img.get("status").asText()).isEqualTo("queued");
    assertThat(img.get("visibility").asText()).isEqualTo("shared");
    assertThat(img.get("owner").asText()).isEqualTo(demoProject);
    assertThat(img.get("os_distro").asText()).isEqualTo("cirros");
    assertThat(img.get("tags")).hasSize(1);
    assertThat(img.get("min_ram").asInt()).isEqualTo(64);
    assertThat(img.get("size").isNull()).isTrue();
    assertThat(img.get("checksum").isNull()).isTrue();
    assertThat(img.get("self").asText()).isEqualTo("/v2/images/" + img.get("id").asText());
    assertThat(img.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  }

  @Test
  void badInputIsRefusedWithGlanceStatuses() throws Exception {
    assertThat(h.json("POST", "/v2/images", "{\"disk_format\": \"floppy\"}", demo).status())
        .isEqualTo(400);
    assertThat(h.json("POST", "/v2/images", "{\"container_format\": \"zip\"}", demo).status())
        .isEqualTo(400);
    assertThat(h.json("POST", "/v2/images", "{\"os_distro\": 5}", demo).status()).isEqualTo(400);
    assertThat(h.json("POST", "/v2/images", "{\"min_disk\": -1}", demo).status()).isEqualTo(400);
    assertThat(h.json("POST", "/v2/images", "{\"protected\": \"yes\"}", demo).status()).isEqualTo(400);
    assertThat(h.json("POST", "/v2/images", "{\"status\": \"active\"}", demo).status()).isEqualTo(403);
    assertThat(h.json("POST", "/v2/images", "{\"os_glance_x\": \"1\"}", demo).status()).isEqualTo(403);
    assertThat(h.json("POST", "/v2/images", "{\"visibility\": \"public\"}", demo).status()).isEqualTo(403);
    assertThat(h.json("POST", "/v2/images", "{\"visibility\": \"everyone\"}", demo).status()).isEqualTo(400);
    assertThat(h.json("POST", "/v2/images", "[1]", demo).status()).isEqualTo(400);
    assertThat(h.json("POST", "/v2/images", "{bad json", demo).status()).isEqualTo(400);
    assertThat(h.json("POST", "/v2/images", "{\"id\": \"not-a-uuid\"}", demo).status()).isEqualTo(400);
    assertThat(h.json("POST", "/v2/images", "{}", null).status()).isEqualTo(401);
    String id = "6b1e2ff4-8f39-4c2d-8c0a-0a1b2c3d4e5f";
    assertThat(h.json("POST", "/v2/images", "{\"id\": \"" + id + "\"}", demo).status()).isEqualTo(201);
    assertThat(h.json("POST", "/v2/images", "{\"id\": \"" + id + "\"}", demo).status()).isEqualTo(409);
    assertThat(h.json("GET", "/v2/images/", null, demo).status()).isEqualTo(404);
  }

  @Test
  void patchAppliesAddReplaceRemoveAllOrNothing() throws Exception {
    String id = h.json("POST", "/v2/images", "{\"name\": \"p\"}", demo).body().get("id").asText();
    var r = h.patch("/v2/images/" + id, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"q\"},"
        + " {\"op\": \"add\", \"path\": \"/hw_disk_bus\", \"value\": \"scsi\"},"
        + " {\"op\": \"add\", \"path\": \"/tags\", \"value\": [\"x\"]}]", demo);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.body().get("name").asText()).isEqualTo("q");
    assertThat(r.body().get("hw_disk_bus").asText()).isEqualTo("scsi");
    // the older media type
    var old = h.send("PATCH", "/v2/images/" + id, "[{\"replace\": \"/name\", \"value\": \"old\"}]"
        .getBytes(), "application/openstack-images-v2.0-json-patch", demo, Map.of());
    assertThat(old.status()).isEqualTo(200);
    assertThat(old.body().get("name").asText()).isEqualTo("old");
    // wrong media type
    assertThat(h.send("PATCH", "/v2/images/" + id, "[]".getBytes(), "application/json", demo,
        Map.of()).status()).isEqualTo(415);
    // reserved and read-only attributes
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"replace\", \"path\": \"/status\","
        + " \"value\": \"active\"}]", demo).status()).isEqualTo(403);
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"add\", \"path\": \"/os_glance_foo\","
        + " \"value\": \"x\"}]", demo).status()).isEqualTo(403);
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"replace\", \"path\": \"/id\","
        + " \"value\": \"x\"}]", demo).status()).isEqualTo(403);
    // unknown property types, missing properties, bad pointers
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"add\", \"path\": \"/foo\","
        + " \"value\": {\"a\": 1}}]", demo).status()).isEqualTo(400);
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"replace\", \"path\": \"/nope\","
        + " \"value\": \"x\"}]", demo).status()).isEqualTo(409);
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"remove\", \"path\": \"/nope\"}]", demo)
        .status()).isEqualTo(409);
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"remove\", \"path\": \"/name\"}]", demo)
        .status()).isEqualTo(403);
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"move\", \"path\": \"/name\"}]", demo)
        .status()).isEqualTo(400);
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"add\", \"path\": \"a/b\", \"value\": \"1\"}]",
        demo).status()).isEqualTo(400);
    assertThat(h.patch("/v2/images/" + id, "{\"op\": \"add\"}", demo).status()).isEqualTo(400);
    // a failing operation after a valid one leaves nothing changed
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\":"
        + " \"changed\"}, {\"op\": \"replace\", \"path\": \"/min_ram\", \"value\": \"big\"}]", demo)
        .status()).isEqualTo(400);
    var now = h.json("GET", "/v2/images/" + id, null, demo).body();
    assertThat(now.get("name").asText()).isEqualTo("old");
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"remove\", \"path\": \"/hw_disk_bus\"}]",
        demo).body().has("hw_disk_bus")).isFalse();
    // another project cannot see it, the admin can but the owner stays
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"replace\", \"path\": \"/owner\", \"value\":"
        + " \"x\"}]", demo).status()).isEqualTo(403);
  }

  @Test
  void listFiltersSortsAndPages() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(h.json("POST", "/v2/images", "{\"name\": \"page-" + i + "\", \"disk_format\": \"raw\","
          + " \"container_format\": \"bare\", \"tags\": [\"paging\"], \"flavor\": \"f" + (i % 2)
          + "\"}", demo).body().get("id").asText());
    }
    var page = h.json("GET", "/v2/images?tag=paging&limit=2&sort_key=name&sort_dir=asc", null, demo)
        .body();
    assertThat(page.get("images")).hasSize(2);
    assertThat(page.get("images").get(0).get("name").asText()).isEqualTo("page-0");
    List<String> seen = new ArrayList<>();
    String next = "/v2/images?tag=paging&limit=2&sort=name:asc";
    while (next != null) {
      var body = h.json("GET", next, null, demo).body();
      body.get("images").forEach(i -> seen.add(i.get("name").asText()));
      next = body.has("next") ? body.get("next").asText() : null;
    }
    assertThat(seen).containsExactly("page-0", "page-1", "page-2", "page-3", "page-4");
    var f1 = h.json("GET", "/v2/images?tag=paging&flavor=f1", null, demo).body().get("images");
    assertThat(f1).hasSize(2);
    assertThat(h.json("GET", "/v2/images?tag=paging&created_at=gte:2000-01-01T00:00:00Z", null, demo)
        .body().get("images")).hasSize(5);
    assertThat(h.json("GET", "/v2/images?tag=paging&created_at=lt:2000-01-01T00:00:00Z", null, demo)
        .body().get("images")).isEmpty();
    assertThat(h.json("GET", "/v2/images?created_at=gt:yesterday", null, demo).status())
        .isEqualTo(400);
    assertThat(h.json("GET", "/v2/images?sort_key=bogus", null, demo).status()).isEqualTo(400);
    assertThat(h.json("GET", "/v2/images?limit=x", null, demo).status()).isEqualTo(400);
    assertThat(h.json("GET", "/v2/images?marker=" + java.util.UUID.randomUUID(), null, demo)
        .status()).isEqualTo(400);
    // the admin's private image is invisible to demo
    String priv = h.json("POST", "/v2/images", "{\"name\": \"secret\", \"visibility\": \"private\"}",
        admin).body().get("id").asText();
    assertThat(h.json("GET", "/v2/images/" + priv, null, demo).status()).isEqualTo(404);
    assertThat(h.json("GET", "/v2/images?name=secret", null, demo).body().get("images")).isEmpty();
  }

  @Test
  void tagsAddAndRemove() throws Exception {
    String id = h.json("POST", "/v2/images", "{}", demo).body().get("id").asText();
    assertThat(h.json("PUT", "/v2/images/" + id + "/tags/blue", null, demo).status()).isEqualTo(204);
    assertThat(h.json("GET", "/v2/images/" + id, null, demo).body().get("tags").get(0).asText())
        .isEqualTo("blue");
    assertThat(h.json("DELETE", "/v2/images/" + id + "/tags/blue", null, demo).status()).isEqualTo(204);
    assertThat(h.json("DELETE", "/v2/images/" + id + "/tags/blue", null, demo).status()).isEqualTo(404);
    assertThat(h.json("PUT", "/v2/images/" + java.util.UUID.randomUUID() + "/tags/x", null, demo)
        .status()).isEqualTo(404);
  }

  @Test
  void membersShareAcceptRejectAndRemove() throws Exception {
    String id = h.json("POST", "/v2/images", "{\"name\": \"shared\"}", admin).body().get("id").asText();
    assertThat(h.json("GET", "/v2/images/" + id, null, demo).status()).isEqualTo(404);
    var add = h.json("POST", "/v2/images/" + id + "/members", "{\"member\": \"" + demoProject + "\"}",
        admin);
    assertThat(add.status()).isEqualTo(200);
    assertThat(add.body().get("status").asText()).isEqualTo("pending");
    assertThat(add.body().get("schema").asText()).isEqualTo("/v2/schemas/member");
    assertThat(h.json("POST", "/v2/images/" + id + "/members", "{\"member\": \"" + demoProject
        + "\"}", admin).status()).isEqualTo(409);
    // pending: visible by id, listed only with member_status=pending
    assertThat(h.json("GET", "/v2/images/" + id, null, demo).status()).isEqualTo(200);
    assertThat(h.json("GET", "/v2/images?name=shared", null, demo).body().get("images")).isEmpty();
    assertThat(h.json("GET", "/v2/images?name=shared&visibility=shared&member_status=pending", null, demo)
        .body().get("images")).hasSize(1);
    // the owner cannot accept for the member; a bad status is refused
    assertThat(h.json("PUT", "/v2/images/" + id + "/members/" + demoProject,
        "{\"status\": \"accepted\"}", admin).status()).isEqualTo(403);
    assertThat(h.json("PUT", "/v2/images/" + id + "/members/" + demoProject,
        "{\"status\": \"maybe\"}", demo).status()).isEqualTo(400);
    var acc = h.json("PUT", "/v2/images/" + id + "/members/" + demoProject,
        "{\"status\": \"accepted\"}", demo);
    assertThat(acc.status()).isEqualTo(200);
    assertThat(acc.body().get("status").asText()).isEqualTo("accepted");
    assertThat(h.json("GET", "/v2/images?name=shared", null, demo).body().get("images")).hasSize(1);
    assertThat(h.json("GET", "/v2/images/" + id + "/members", null, demo).body().get("members"))
        .hasSize(1);
    // the member cannot remove itself nor change the image
    assertThat(h.json("DELETE", "/v2/images/" + id + "/members/" + demoProject, null, demo).status())
        .isEqualTo(403);
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"replace\", \"path\": \"/name\", \"value\":"
        + " \"mine\"}]", demo).status()).isEqualTo(403);
    assertThat(h.json("PUT", "/v2/images/" + id + "/members/" + demoProject,
        "{\"status\": \"rejected\"}", demo).status()).isEqualTo(200);
    assertThat(h.json("GET", "/v2/images?name=shared", null, demo).body().get("images")).isEmpty();
    assertThat(h.json("DELETE", "/v2/images/" + id + "/members/" + demoProject, null, admin).status())
        .isEqualTo(204);
    assertThat(h.json("GET", "/v2/images/" + id, null, demo).status()).isEqualTo(404);
    // only shared images have members
    String priv = h.json("POST", "/v2/images", "{\"visibility\": \"private\"}", admin).body()
        .get("id").asText();
    assertThat(h.json("POST", "/v2/images/" + priv + "/members", "{\"member\": \"" + demoProject
        + "\"}", admin).status()).isEqualTo(403);
  }

  @Test
  void versionsAndSchemas() throws Exception {
    var v = h.json("GET", "/", null, null);
    assertThat(v.status()).isEqualTo(300);
    assertThat(v.body().get("versions").get(0).get("status").asText()).isEqualTo("CURRENT");
    assertThat(h.json("GET", "/v2/schemas/image", null, demo).body().get("name").asText())
        .isEqualTo("image");
    assertThat(h.json("GET", "/v2/schemas/images", null, demo).body().get("name").asText())
        .isEqualTo("images");
    assertThat(h.json("GET", "/v2/schemas/members", null, demo).body().get("name").asText())
        .isEqualTo("members");
  }
}
