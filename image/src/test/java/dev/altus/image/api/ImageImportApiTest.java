package dev.altus.image.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The interoperable import API: glance-direct and web-download with its address allow-list. */
class ImageImportApiTest {
  static ImageApiHarness h;
  static String demo;
  static HttpServer web;
  static byte[] payload = new byte[200_000];

  @BeforeAll
  static void up() throws Exception {
    new Random(7).nextBytes(payload);
    web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    web.createContext("/disk.raw", ex -> {
      ex.sendResponseHeaders(200, payload.length);
      ex.getResponseBody().write(payload);
      ex.close();
    });
    web.createContext("/moved", ex -> {
      ex.getResponseHeaders().add("Location", "/disk.raw");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    web.createContext("/missing", ex -> {
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    web.start();
    h = new ImageApiHarness(c -> c.withWebDownloadAllowedHosts(List.of("127.0.0.1")));
    demo = h.demoToken();
  }

  @AfterAll
  static void down() {
    h.close();
    web.stop(0);
  }

  static String create() throws Exception {
    return h.json("POST", "/v2/images", "{\"disk_format\": \"raw\", \"container_format\": \"bare\"}",
        demo).body().get("id").asText();
  }

  static String waitFor(String id, String... done) throws Exception {
    String st = null;
    for (int i = 0; i < 100; i++) {
      st = h.json("GET", "/v2/images/" + id, null, demo).body().get("status").asText();
      if (List.of(done).contains(st)) {
        return st;
      }
      Thread.sleep(50);
    }
    return st;
  }

  @Test
  void infoNamesTheEnabledMethods() throws Exception {
    var r = h.json("GET", "/v2/info/import", null, demo);
    assertThat(r.body().path("import-methods").path("value").toString())
        .isEqualTo("[\"glance-direct\",\"web-download\"]");
    // openstacksdk decides whether it may import from the create response's header
    var created = h.json("POST", "/v2/images", "{\"disk_format\": \"raw\","
        + " \"container_format\": \"bare\"}", demo);
    assertThat(created.header("OpenStack-image-import-methods"))
        .isEqualTo("glance-direct,web-download");
  }

  @Test
  void glanceDirectStagesThenImports() throws Exception {
    String id = create();
    assertThat(h.json("POST", "/v2/images/" + id + "/import",
        "{\"method\": {\"name\": \"glance-direct\"}}", demo).status()).isEqualTo(409);
    assertThat(h.send("PUT", "/v2/images/" + id + "/stage", payload, "application/octet-stream",
        demo, Map.of()).status()).isEqualTo(204);
    assertThat(h.json("GET", "/v2/images/" + id, null, demo).body().get("status").asText())
        .isEqualTo("uploading");
    var started = h.json("POST", "/v2/images/" + id + "/import",
        "{\"method\": {\"name\": \"glance-direct\"}}", demo);
    assertThat(started.status()).isEqualTo(202);
    assertThat(waitFor(id, "active", "queued")).isEqualTo("active");
    var tasks = h.json("GET", "/v2/images/" + id + "/tasks", null, demo).body().get("tasks");
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).get("status").asText()).isEqualTo("success");
    assertThat(tasks.get(0).get("request_id").asText())
        .isEqualTo(started.header("x-openstack-request-id"));
    assertThat(tasks.get(0).path("input").path("import_req").path("method").path("name").asText())
        .isEqualTo("glance-direct");
    var img = h.json("GET", "/v2/images/" + id, null, demo).body();
    assertThat(img.get("checksum").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(payload)));
    assertThat(h.send("GET", "/v2/images/" + id + "/file", null, null, demo, Map.of()).bytes())
        .isEqualTo(payload);
    assertThat(h.dataDir.resolve("images/staging").resolve(id)).doesNotExist();
  }

  @Test
  void webDownloadFetchesFromAnAllowedHostFollowingRedirects() throws Exception {
    String id = create();
    String uri = "http://127.0.0.1:" + web.getAddress().getPort() + "/moved";
    assertThat(h.json("POST", "/v2/images/" + id + "/import", "{\"method\": {\"name\":"
        + " \"web-download\", \"uri\": \"" + uri + "\"}}", demo).status()).isEqualTo(202);
    assertThat(waitFor(id, "active", "queued")).isEqualTo("active");
    assertThat(h.send("GET", "/v2/images/" + id + "/file", null, null, demo, Map.of()).bytes())
        .isEqualTo(payload);
    var image = h.json("GET", "/v2/images/" + id, null, demo).body();
    assertThat(image.get("os_glance_importing_to_stores").asText()).isEmpty();
    assertThat(image.get("os_glance_failed_import").asText()).isEmpty();
  }

  @Test
  void aFailedDownloadLeavesTheImageQueuedAndEmpty() throws Exception {
    String id = create();
    String uri = "http://127.0.0.1:" + web.getAddress().getPort() + "/missing";
    assertThat(h.json("POST", "/v2/images/" + id + "/import", "{\"method\": {\"name\":"
        + " \"web-download\", \"uri\": \"" + uri + "\"}}", demo).status()).isEqualTo(202);
    Thread.sleep(200);
    assertThat(waitFor(id, "queued")).isEqualTo("queued");
    assertThat(h.dataDir.resolve("images").resolve(id)).doesNotExist();
    String status = null;
    for (int i = 0; i < 50 && !"failure".equals(status); i++) {
      status = h.json("GET", "/v2/images/" + id + "/tasks", null, demo).body().get("tasks").get(0)
          .get("status").asText();
      Thread.sleep(50);
    }
    assertThat(status).isEqualTo("failure");
    var task = h.json("GET", "/v2/images/" + id + "/tasks", null, demo).body().get("tasks").get(0);
    assertThat(task.get("message").asText()).contains("answered HTTP 404");
    var image = h.json("GET", "/v2/images/" + id, null, demo).body();
    assertThat(image.get("os_glance_failed_import").asText()).isEqualTo("file");
    assertThat(image.get("os_glance_importing_to_stores").asText()).isEmpty();
  }

  @Test
  void aRefusedWebDownloadIsAnsweredAndRecordedAsAFailedImport() throws Exception {
    String id = create();
    var r = h.json("POST", "/v2/images/" + id + "/import", "{\"method\": {\"name\":"
        + " \"web-download\", \"uri\": \"http://10.1.2.3/disk.raw\"}}", demo);
    assertThat(r.status()).isEqualTo(403);
    var tasks = h.json("GET", "/v2/images/" + id + "/tasks", null, demo).body().get("tasks");
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).get("status").asText()).isEqualTo("failure");
    assertThat(tasks.get(0).get("message").asText()).contains("10.1.2.3").contains("not allowed");
    var image = h.json("GET", "/v2/images/" + id, null, demo).body();
    assertThat(image.get("status").asText()).isEqualTo("queued");
    assertThat(image.get("os_glance_failed_import").asText()).isEqualTo("file");
  }

  @Test
  void aTruncatedDownloadLeavesTheImageQueuedAndEmpty() throws Exception {
    try (var ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      Thread.ofVirtual().start(() -> {
        try (var s = ss.accept()) {
          s.getInputStream().read(new byte[4096]);
          s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n"
              + "only a few bytes").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (java.io.IOException e) {
          // the import sees the short body
        }
      });
      String id = create();
      String uri = "http://127.0.0.1:" + ss.getLocalPort() + "/disk.raw";
      assertThat(h.json("POST", "/v2/images/" + id + "/import", "{\"method\": {\"name\":"
          + " \"web-download\", \"uri\": \"" + uri + "\"}}", demo).status()).isEqualTo(202);
      String status = null;
      for (int i = 0; i < 100 && !"failure".equals(status); i++) {
        Thread.sleep(50);
        status = h.json("GET", "/v2/images/" + id + "/tasks", null, demo).body().get("tasks")
            .get(0).get("status").asText();
      }
      assertThat(status).isEqualTo("failure");
      var image = h.json("GET", "/v2/images/" + id, null, demo).body();
      assertThat(image.get("status").asText()).isEqualTo("queued");
      assertThat(image.get("size").isNull()).isTrue();
      assertThat(h.dataDir.resolve("images").resolve(id)).doesNotExist();
    }
  }

  @Test
  void restrictedAddressesAndSchemesAreRefused() throws Exception {
    String id = create();
    for (String uri : List.of("http://169.254.169.254/latest/meta-data", "http://10.0.0.1/x",
        "http://127.0.0.2:1/x", "http://[::1]/x", "http://192.168.1.1/x")) {
      assertThat(h.json("POST", "/v2/images/" + id + "/import", "{\"method\": {\"name\":"
          + " \"web-download\", \"uri\": \"" + uri + "\"}}", demo).status()).as(uri).isEqualTo(403);
    }
    assertThat(h.json("POST", "/v2/images/" + id + "/import", "{\"method\": {\"name\":"
        + " \"web-download\", \"uri\": \"file:///etc/passwd\"}}", demo).status()).isEqualTo(400);
    assertThat(h.json("POST", "/v2/images/" + id + "/import", "{\"method\": {\"name\":"
        + " \"copy-image\"}}", demo).status()).isEqualTo(400);
    assertThat(h.json("POST", "/v2/images/" + id + "/import", "{}", demo).status()).isEqualTo(400);
    assertThat(h.json("GET", "/v2/images/" + id, null, demo).body().get("status").asText())
        .isEqualTo("queued");
  }
}
