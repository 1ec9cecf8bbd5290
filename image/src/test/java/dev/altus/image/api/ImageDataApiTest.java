package dev.altus.image.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Upload and download through real HTTP: checksums, ranges, statuses, failed uploads, restart. */
class ImageDataApiTest {
  static ImageApiHarness h;
  static String demo;

  @BeforeAll
  static void up() throws Exception {
    h = new ImageApiHarness();
    demo = h.demoToken();
  }

  @AfterAll
  static void down() {
    h.close();
  }

  static String create(String token, String extra) throws Exception {
    var r = h.json("POST", "/v2/images", "{\"name\": \"img\", \"disk_format\": \"raw\","
        + " \"container_format\": \"bare\"" + extra + "}", token);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.body().get("id").asText();
  }

  static ImageApiHarness.Response upload(String id, byte[] data) throws Exception {
    return h.send("PUT", "/v2/images/" + id + "/file", data, "application/octet-stream", demo,
        Map.of());
  }

  static String hex(String algo, byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algo).digest(data));
  }

  @Test
  void uploadComputesChecksumsAndDownloadReturnsTheBytes() throws Exception {
    String id = create(demo, "");
    var empty = h.send("GET", "/v2/images/" + id + "/file", null, null, demo, Map.of());
    assertThat(empty.status()).isEqualTo(204);
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(1).nextBytes(data);
    assertThat(upload(id, data).status()).isEqualTo(204);
    var img = h.json("GET", "/v2/images/" + id, null, demo).body();
    assertThat(img.get("status").asText()).isEqualTo("active");
    assertThat(img.get("size").asLong()).isEqualTo(data.length);
    assertThat(img.get("virtual_size").asLong()).isEqualTo(data.length);
    assertThat(img.get("checksum").asText()).isEqualTo(hex("MD5", data));
    assertThat(img.get("os_hash_algo").asText()).isEqualTo("sha512");
    assertThat(img.get("os_hash_value").asText()).isEqualTo(hex("SHA-512", data));
    var got = h.send("GET", "/v2/images/" + id + "/file", null, null, demo, Map.of());
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.bytes()).isEqualTo(data);
    assertThat(got.header("Content-MD5")).isEqualTo(hex("MD5", data));
    assertThat(got.header("Content-Type")).isEqualTo("application/octet-stream");

    var part = h.send("GET", "/v2/images/" + id + "/file", null, null, demo,
        Map.of("Range", "bytes=10-19"));
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.header("Content-Range")).isEqualTo("bytes 10-19/" + data.length);
    assertThat(part.bytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 20));
    var tail = h.send("GET", "/v2/images/" + id + "/file", null, null, demo,
        Map.of("Range", "bytes=-5"));
    assertThat(tail.bytes()).isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 5, data.length));
    var bad = h.send("GET", "/v2/images/" + id + "/file", null, null, demo,
        Map.of("Range", "bytes=" + data.length + "-"));
    assertThat(bad.status()).isEqualTo(416);
  }

  @Test
  void malformedAndOverflowingRangesAreA416NeverA500() throws Exception {
    String id = create(demo, "");
    byte[] data = new byte[1000];
    new Random(2).nextBytes(data);
    assertThat(upload(id, data).status()).isEqualTo(204);
    for (String range : new String[] {"bytes=99999999999999999999-", "bytes=99999999999999999999-5",
        "bytes=5-1", "bytes=-", "bytes=a-b", "bytes=0-1,5-6", "items=0-1", "bytes=--1", ""}) {
      var r = h.send("GET", "/v2/images/" + id + "/file", null, null, demo, Map.of("Range", range));
      assertThat(r.status()).as(range).isEqualTo(416);
      assertThat(r.text()).as(range).startsWith("416 Requested Range Not Satisfiable");
    }
    // past the end on the last byte or the suffix: clamped to the image, as RFC 9110 says
    var end = h.send("GET", "/v2/images/" + id + "/file", null, null, demo,
        Map.of("Range", "bytes=990-99999999999999999999"));
    assertThat(end.status()).isEqualTo(206);
    assertThat(end.bytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 990, 1000));
    var all = h.send("GET", "/v2/images/" + id + "/file", null, null, demo,
        Map.of("Range", "bytes=-99999999999999999999"));
    assertThat(all.status()).isEqualTo(206);
    assertThat(all.bytes()).isEqualTo(data);
  }

  @Test
  void aStoreThatCannotWriteIsA500ThatSaysSoAndTheImageStaysQueued() throws Exception {
    String id = create(demo, "");
    java.nio.file.Path incoming = h.dataDir.resolve("images").resolve(".incoming");
    java.nio.file.Path aside = h.dataDir.resolve("incoming-aside");
    Files.move(incoming, aside);
    Files.writeString(incoming, "not a directory");
    try {
      var r = upload(id, "some data".getBytes());
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.text()).startsWith("500 Internal Server Error")
          .contains("could not be written to the image store");
      assertThat(h.json("GET", "/v2/images/" + id, null, demo).body().get("status").asText())
          .isEqualTo("queued");
    } finally {
      Files.delete(incoming);
      Files.move(aside, incoming);
    }
    assertThat(upload(id, "some data".getBytes()).status()).isEqualTo(204);
  }

  @Test
  void secondUploadConflictsAndKeepsTheFirstData() throws Exception {
    String id = create(demo, "");
    assertThat(upload(id, "first".getBytes()).status()).isEqualTo(204);
    var again = upload(id, "second".getBytes());
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.text()).startsWith("409 Conflict");
    var got = h.send("GET", "/v2/images/" + id + "/file", null, null, demo, Map.of());
    assertThat(new String(got.bytes(), StandardCharsets.UTF_8)).isEqualTo("first");
  }

  @Test
  void uploadRefusesAWrongContentTypeAndAnImageWithoutFormats() throws Exception {
    String id = create(demo, "");
    var r = h.send("PUT", "/v2/images/" + id + "/file", "x".getBytes(), "application/json", demo,
        Map.of());
    assertThat(r.status()).isEqualTo(415);
    var noFormat = h.json("POST", "/v2/images", "{\"name\": \"n\"}", demo).body().get("id").asText();
    assertThat(upload(noFormat, "x".getBytes()).status()).isEqualTo(400);
    assertThat(h.json("GET", "/v2/images/" + noFormat, null, demo).body().get("status").asText())
        .isEqualTo("queued");
  }

  @Test
  void truncatedUploadNeverLeavesAnActiveImageNorAFile() throws Exception {
    String id = create(demo, "");
    try (Socket s = new Socket("127.0.0.1", h.imagePort())) {
      OutputStream out = s.getOutputStream();
      out.write(("PUT /v2/images/" + id + "/file HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "X-Auth-Token: " + demo + "\r\nContent-Type: application/octet-stream\r\n"
          + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[1000]);
      out.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      in.readAllBytes();
    }
    String status = null;
    for (int i = 0; i < 50; i++) {
      status = h.json("GET", "/v2/images/" + id, null, demo).body().get("status").asText();
      if (!status.equals("saving")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(status).isIn("queued", "killed");
    assertThat(Files.exists(h.dataDir.resolve("images").resolve(id))).isFalse();
    if (status.equals("queued")) {
      assertThat(upload(id, "whole".getBytes()).status()).isEqualTo(204);
    }
  }

  @Test
  void deactivatedImageDataIsForbiddenToNonAdmins() throws Exception {
    String id = create(demo, "");
    upload(id, "data".getBytes());
    assertThat(h.json("POST", "/v2/images/" + id + "/actions/deactivate", null, demo).status())
        .isEqualTo(204);
    assertThat(h.send("GET", "/v2/images/" + id + "/file", null, null, demo, Map.of()).status())
        .isEqualTo(403);
    assertThat(h.send("GET", "/v2/images/" + id + "/file", null, null, h.adminToken(), Map.of())
        .status()).isEqualTo(200);
    assertThat(h.json("POST", "/v2/images/" + id + "/actions/reactivate", null, demo).status())
        .isEqualTo(204);
    assertThat(h.send("GET", "/v2/images/" + id + "/file", null, null, demo, Map.of()).bytes())
        .isEqualTo("data".getBytes());
    String queued = create(demo, "");
    assertThat(h.json("POST", "/v2/images/" + queued + "/actions/deactivate", null, demo).status())
        .isEqualTo(403);
  }

  @Test
  void deleteRemovesTheDataAndProtectedImagesStay() throws Exception {
    String id = create(demo, ", \"protected\": true");
    upload(id, "data".getBytes());
    assertThat(h.json("DELETE", "/v2/images/" + id, null, demo).status()).isEqualTo(403);
    assertThat(h.patch("/v2/images/" + id, "[{\"op\": \"replace\", \"path\": \"/protected\","
        + " \"value\": false}]", demo).status()).isEqualTo(200);
    assertThat(h.json("DELETE", "/v2/images/" + id, null, demo).status()).isEqualTo(204);
    assertThat(h.json("GET", "/v2/images/" + id, null, demo).status()).isEqualTo(404);
    assertThat(h.json("DELETE", "/v2/images/" + id, null, demo).status()).isEqualTo(404);
    assertThat(Files.exists(h.dataDir.resolve("images").resolve(id))).isFalse();
  }

  @Test
  void restartRequeuesInterruptedUploadsAndRemovesOrphans() throws Exception {
    String id = create(demo, "");
    // an upload interrupted by a crash: the row says saving, a partial file is in .incoming
    String saving = create(demo, "");
    new dev.altus.image.store.ImageRecords(h.db.jdbi()).transition(saving,
        dev.altus.image.model.ImageStatus.QUEUED, dev.altus.image.model.ImageStatus.SAVING,
        java.time.Instant.now());
    Files.writeString(h.dataDir.resolve("images/.incoming").resolve(saving + ".x"), "partial");
    Files.writeString(h.dataDir.resolve("images").resolve("0badf00d-0000-0000-0000-000000000000"),
        "orphan");
    h.startImage();
    assertThat(h.json("GET", "/v2/images/" + saving, null, demo).body().get("status").asText())
        .isEqualTo("queued");
    assertThat(Files.list(h.dataDir.resolve("images/.incoming")).count()).isZero();
    assertThat(Files.exists(h.dataDir.resolve("images/0badf00d-0000-0000-0000-000000000000")))
        .isFalse();
    assertThat(upload(saving, "ok".getBytes()).status()).isEqualTo(204);
    assertThat(h.json("GET", "/v2/images/" + id, null, demo).status()).isEqualTo(200);
  }
}
