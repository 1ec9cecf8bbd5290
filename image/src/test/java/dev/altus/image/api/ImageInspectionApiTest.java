package dev.altus.image.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.host.Command;
import dev.altus.common.host.LocalHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Image data is untrusted: an upload or import whose content is unsafe (a qcow2 naming a backing
 * file) or not its disk_format is refused with a 400 saying why, and no active image or data is
 * left; a good qcow2 made by qemu-img is accepted with its virtual size.
 */
class ImageInspectionApiTest {
  static ImageApiHarness h;
  static String demo;
  static Path work;
  static byte[] goodQcow2;
  static byte[] overlayQcow2;

  @BeforeAll
  static void up() throws Exception {
    h = new ImageApiHarness();
    demo = h.demoToken();
    work = Files.createTempDirectory("altus-inspect");
    LocalHost host = new LocalHost();
    Path base = work.resolve("base.qcow2");
    host.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "8M"))
        .orThrow();
    Path overlay = work.resolve("overlay.qcow2");
    host.run(Command.of("qemu-img", "create", "-q", "-f", "qcow2", "-b", base.toString(), "-F",
        "qcow2", overlay.toString())).orThrow();
    goodQcow2 = Files.readAllBytes(base);
    overlayQcow2 = Files.readAllBytes(overlay);
  }

  @AfterAll
  static void down() throws Exception {
    h.close();
    try (var files = Files.walk(work)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static String create(String diskFormat) throws Exception {
    var r = h.json("POST", "/v2/images", "{\"name\": \"img\", \"disk_format\": \"" + diskFormat
        + "\", \"container_format\": \"bare\"}", demo);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.body().get("id").asText();
  }

  static ImageApiHarness.Response upload(String id, byte[] data) throws Exception {
    return h.send("PUT", "/v2/images/" + id + "/file", data, "application/octet-stream", demo,
        Map.of());
  }

  /** The image is queued again with nothing stored. */
  static void assertNothingKept(String id) throws Exception {
    var img = h.json("GET", "/v2/images/" + id, null, demo).body();
    assertThat(img.get("status").asText()).isEqualTo("queued");
    assertThat(img.get("size").isNull()).isTrue();
    assertThat(h.send("GET", "/v2/images/" + id + "/file", null, null, demo, Map.of()).status())
        .isEqualTo(204);
  }

  @Test
  void aGoodQcow2IsAccepted() throws Exception {
    String id = create("qcow2");
    assertThat(upload(id, goodQcow2).status()).isEqualTo(204);
    var img = h.json("GET", "/v2/images/" + id, null, demo).body();
    assertThat(img.get("status").asText()).isEqualTo("active");
    assertThat(img.get("virtual_size").asLong()).isEqualTo(8L << 20);
  }

  @Test
  void aQcow2WithABackingFileIsRefused() throws Exception {
    String id = create("qcow2");
    var r = upload(id, overlayQcow2);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("Image is unsafe", "backing file");
    assertNothingKept(id);
  }

  @Test
  void rawDataClaimingQcow2IsRefused() throws Exception {
    String id = create("qcow2");
    byte[] data = new byte[100_000];
    new Random(3).nextBytes(data);
    var r = upload(id, data);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("Image content does not match disk_format qcow2");
    assertNothingKept(id);
    // the same image takes the right data afterwards
    assertThat(upload(id, goodQcow2).status()).isEqualTo(204);
  }

  @Test
  void aQcow2ClaimingRawIsRefused() throws Exception {
    String id = create("raw");
    var r = upload(id, goodQcow2);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("does not match disk_format raw", "qcow2");
    assertNothingKept(id);
  }

  @Test
  void anUnsafeImportFailsItsTaskAndLeavesTheImageQueued() throws Exception {
    String id = create("qcow2");
    assertThat(h.send("PUT", "/v2/images/" + id + "/stage", overlayQcow2,
        "application/octet-stream", demo, Map.of()).status()).isEqualTo(204);
    assertThat(h.json("POST", "/v2/images/" + id + "/import",
        "{\"method\": {\"name\": \"glance-direct\"}}", demo).status()).isEqualTo(202);
    String status = null;
    for (int i = 0; i < 100; i++) {
      var tasks = h.json("GET", "/v2/images/" + id + "/tasks", null, demo).body().get("tasks");
      status = tasks.get(0).get("status").asText();
      if (!status.equals("processing")) {
        assertThat(tasks.get(0).get("message").asText()).contains("backing file");
        break;
      }
      Thread.sleep(50);
    }
    assertThat(status).isEqualTo("failure");
    assertNothingKept(id);
  }

  @Test
  void withoutRequiredMatchOnlyUnsafeImagesAreRefused() throws Exception {
    try (ImageApiHarness lenient = new ImageApiHarness(c -> c.withRequireImageFormatMatch(false))) {
      String token = lenient.demoToken();
      String id = lenient.json("POST", "/v2/images", "{\"disk_format\": \"vhd\","
          + " \"container_format\": \"bare\"}", token).body().get("id").asText();
      byte[] data = new byte[4096];
      new Random(5).nextBytes(data);
      assertThat(lenient.send("PUT", "/v2/images/" + id + "/file", data,
          "application/octet-stream", token, Map.of()).status()).isEqualTo(204);
      String raw = lenient.json("POST", "/v2/images", "{\"disk_format\": \"raw\","
          + " \"container_format\": \"bare\"}", token).body().get("id").asText();
      assertThat(lenient.send("PUT", "/v2/images/" + raw + "/file", goodQcow2,
          "application/octet-stream", token, Map.of()).status()).isEqualTo(204);
      String unsafe = lenient.json("POST", "/v2/images", "{\"disk_format\": \"qcow2\","
          + " \"container_format\": \"bare\"}", token).body().get("id").asText();
      assertThat(lenient.send("PUT", "/v2/images/" + unsafe + "/file", overlayQcow2,
          "application/octet-stream", token, Map.of()).status()).isEqualTo(400);
    }
  }
}
