package dev.altus.volume.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.host.Command;
import dev.altus.common.host.LocalHost;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volumes and images through real HTTP: a volume made from a qcow2 image holds its bytes, is
 * bootable and remembers the image; a volume uploads as a real image of the format asked; image
 * metadata actions; retype; revert to the latest snapshot; bad input is a 4xx.
 */
class ImageVolumeApiTest extends VolumeApiCase {
  static final String MARK = "ALTUS-IMAGE-MARK";
  static final Map<String, String> V340 = Map.of("OpenStack-API-Version", "volume 3.40");

  private static String path(String id) {
    return "/v3/" + demoProject + "/volumes/" + id;
  }

  /** A qcow2 image (16 MiB disk) whose first bytes are {@code mark}. */
  static byte[] qcow2(Path dir, String mark, String backingFile) throws Exception {
    Path raw = dir.resolve("disk.raw");
    Path q = dir.resolve("disk.qcow2");
    Files.deleteIfExists(q);
    try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
      f.setLength(16L << 20);
      f.write(mark.getBytes(StandardCharsets.US_ASCII));
    }
    var cmd = backingFile == null
        ? Command.of("qemu-img", "convert", "-q", "-f", "raw", "-O", "qcow2", raw.toString(),
            q.toString())
        : Command.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", backingFile,
            q.toString());
    assertThat(new LocalHost().run(cmd).ok()).isTrue();
    return Files.readAllBytes(q);
  }

  private static byte[] head(Path file, int n) throws Exception {
    try (var in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    }
  }

  private static String action(String id, String body) throws Exception {
    var r = h.call("POST", path(id) + "/action", body, demo);
    assertThat(r.status()).as(String.valueOf(r.body())).isBetween(200, 202);
    return r.body() == null ? null : r.body().toString();
  }

  @Test
  void volumeFromImageHoldsItsBytesAndUploadsBack(@TempDir Path tmp) throws Exception {
    String image = h.images.add(demoProject, "private", "qcow2", 0, qcow2(tmp, MARK, null));
    String id = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1,"
        + " \"imageRef\": \"" + image + "\"}}");
    JsonNode v = h.call("GET", path(id), null, demo).body().path("volume");
    assertThat(v.path("bootable").asText()).isEqualTo("true");
    assertThat(v.path("volume_image_metadata").path("image_id").asText()).isEqualTo(image);
    assertThat(v.path("volume_image_metadata").path("disk_format").asText()).isEqualTo("qcow2");
    assertThat(v.path("volume_image_metadata").path("os_distro").asText()).isEqualTo("altus");
    Path file = h.volumesDir().resolve("volume-" + id);
    // converted to raw: the guest's bytes at offset 0, the volume's full size
    assertThat(new String(head(file, MARK.length()), StandardCharsets.US_ASCII)).isEqualTo(MARK);
    assertThat(Files.size(file)).isEqualTo(1L << 30);

    // a clone keeps the image it came from
    String clone = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"source_volid\":"
        + " \"" + id + "\"}}");
    assertThat(h.call("GET", path(clone), null, demo).body().path("volume")
        .path("volume_image_metadata").path("image_id").asText()).isEqualTo(image);

    var up = h.call("POST", path(id) + "/action", "{\"os-volume_upload_image\": {\"image_name\":"
        + " \"up1\", \"disk_format\": \"qcow2\"}}", demo);
    assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(202);
    JsonNode u = up.body().path("os-volume_upload_image");
    assertThat(u.path("status").asText()).isEqualTo("uploading");
    assertThat(u.path("image_name").asText()).isEqualTo("up1");
    String newImage = u.path("image_id").asText();
    h.await(path(id), "volume", "available", demo);
    var stored = h.images.images.get(newImage);
    assertThat(stored.info().status()).isEqualTo("active");
    assertThat(stored.info().diskFormat()).isEqualTo("qcow2");
    assertThat(stored.owner()).isEqualTo(demoProject);
    assertThat(stored.info().properties()).containsEntry("os_distro", "altus");
    // real qcow2 bytes: the header's magic, and the guest's data inside
    assertThat(Arrays.copyOf(stored.data(), 4)).isEqualTo(new byte[] {'Q', 'F', 'I', (byte) 0xfb});
    // and a volume made from the uploaded image has the same first bytes again
    String again = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1,"
        + " \"imageRef\": \"" + newImage + "\"}}");
    assertThat(new String(head(h.volumesDir().resolve("volume-" + again), MARK.length()),
        StandardCharsets.US_ASCII)).isEqualTo(MARK);
    // nothing of the conversions is left beside the volumes
    try (var s = Files.list(h.volumesDir())) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")))
          .isEmpty();
    }
  }

  @Test
  void badImagesAreRefused(@TempDir Path tmp) throws Exception {
    String vols = "/v3/" + demoProject + "/volumes";
    assertThat(h.call("POST", vols, "{\"volume\": {\"size\": 1, \"imageRef\":"
        + " \"0b1c6d3e-1111-4a4a-9c9c-5e5e5e5e5e5e\"}}", demo).status()).isEqualTo(400);
    String other = h.images.add("someone-else", "private", "raw", 0, new byte[1024]);
    assertThat(h.call("POST", vols, "{\"volume\": {\"size\": 1, \"imageRef\": \"" + other
        + "\"}}", demo).status()).isEqualTo(400);
    String big = h.images.add(demoProject, "private", "raw", 2, new byte[1024]);
    var r = h.call("POST", vols, "{\"volume\": {\"size\": 1, \"imageRef\": \"" + big + "\"}}",
        demo);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().path("badRequest").path("message").asText()).contains("minDisk");
    // without a size the volume takes the image's min_disk
    String sized = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"imageRef\": \""
        + big + "\"}}");
    assertThat(h.call("GET", path(sized), null, demo).body().path("volume").path("size")
        .asLong()).isEqualTo(2);
    String off = h.images.add(demoProject, "private", "raw", 0, new byte[1024]);
    h.images.setStatus(off, "deactivated");
    assertThat(h.call("POST", vols, "{\"volume\": {\"size\": 1, \"imageRef\": \"" + off
        + "\"}}", demo).status()).isEqualTo(400);
    assertThat(h.call("POST", vols, "{\"volume\": {\"size\": 1, \"imageRef\": \"" + big
        + "\", \"source_volid\": \"" + sized + "\"}}", demo).status()).isEqualTo(400);

    // an image naming a backing file on the host is never opened: the volume is an error
    String unsafe = h.images.add(demoProject, "private", "qcow2", 0,
        qcow2(tmp, MARK, "/etc/hostname"));
    var made = h.call("POST", vols, "{\"volume\": {\"size\": 1, \"imageRef\": \"" + unsafe
        + "\"}}", demo);
    assertThat(made.status()).isEqualTo(202);
    String bad = made.body().path("volume").path("id").asText();
    h.await(path(bad), "volume", "error", demo);
    assertThat(Files.exists(h.volumesDir().resolve("volume-" + bad))).isFalse();
    var msgs = h.call("GET", "/v3/" + demoProject + "/messages", null, demo,
        Map.of("OpenStack-API-Version", "volume 3.3")).body().path("messages");
    assertThat(msgs.toString()).contains(bad).contains("unsafe");
  }

  @Test
  void uploadInputAndStatusChecks() throws Exception {
    String id = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    String a = path(id) + "/action";
    int before = h.images.images.size();
    assertThat(h.call("POST", a, "{\"os-volume_upload_image\": {\"disk_format\": \"raw\"}}",
        demo).status()).isEqualTo(400);
    assertThat(h.call("POST", a, "{\"os-volume_upload_image\": {\"image_name\": \"x\","
        + " \"disk_format\": \"iso\"}}", demo).status()).isEqualTo(400);
    assertThat(h.call("POST", a, "{\"os-volume_upload_image\": {\"image_name\": \"x\","
        + " \"container_format\": \"ova\"}}", demo).status()).isEqualTo(400);
    assertThat(h.call("POST", a, "{\"os-volume_upload_image\": {\"image_name\": \"x\","
        + " \"visibility\": \"public\"}}", demo, Map.of("OpenStack-API-Version", "volume 3.1"))
        .status()).isEqualTo(403);
    action(id, "{\"os-reserve\": {}}");
    action(id, "{\"os-attach\": {\"instance_uuid\": \"6f3a1e22-93a7-4a6a-8e8e-0c1c2b3d4e5f\","
        + " \"mountpoint\": \"/dev/vdb\"}}");
    assertThat(h.call("POST", a, "{\"os-volume_upload_image\": {\"image_name\": \"x\"}}", demo)
        .status()).isEqualTo(400);
    assertThat(h.images.images).hasSize(before);
    // forced, an attached volume uploads and stays attached
    var r = h.call("POST", a, "{\"os-volume_upload_image\": {\"image_name\": \"x\", \"force\":"
        + " true, \"disk_format\": \"vmdk\"}}", demo);
    assertThat(r.status()).isEqualTo(202);
    h.await(path(id), "volume", "in-use", demo);
    String img = r.body().path("os-volume_upload_image").path("image_id").asText();
    byte[] vmdk = h.images.images.get(img).data();
    assertThat(new String(vmdk, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("KDMV");
    h.images.images.remove(img);
  }

  @Test
  void imageMetadataActions() throws Exception {
    String id = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    String a = path(id) + "/action";
    assertThat(h.call("GET", path(id), null, demo).body().path("volume")
        .has("volume_image_metadata")).isFalse();
    var set = h.call("POST", a, "{\"os-set_image_metadata\": {\"metadata\": {\"image_name\":"
        + " \"n\", \"kernel_id\": \"k\"}}}", demo);
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.body().path("metadata").path("kernel_id").asText()).isEqualTo("k");
    assertThat(h.call("POST", a, "{\"os-unset_image_metadata\": {\"key\": \"kernel_id\"}}",
        demo).status()).isEqualTo(200);
    assertThat(h.call("POST", a, "{\"os-unset_image_metadata\": {\"key\": \"kernel_id\"}}",
        demo).status()).isEqualTo(404);
    var show = h.call("POST", a, "{\"os-show_image_metadata\": {}}", demo);
    assertThat(show.body().path("metadata").toString()).isEqualTo("{\"image_name\":\"n\"}");
    assertThat(h.call("GET", path(id), null, demo).body().path("volume")
        .path("volume_image_metadata").path("image_name").asText()).isEqualTo("n");
    assertThat(h.call("POST", a, "{\"os-set_image_metadata\": {\"metadata\": [1]}}", demo)
        .status()).isEqualTo(400);
    assertThat(h.call("POST", a, "{\"os-unset_image_metadata\": {}}", demo).status())
        .isEqualTo(400);
  }

  @Test
  void retypeOnTheSameBackend() throws Exception {
    String types = "/v3/" + h.projectId(admin) + "/types";
    for (String t : new String[] {"{\"volume_type\": {\"name\": \"gold\"}}",
        "{\"volume_type\": {\"name\": \"elsewhere\", \"extra_specs\":"
            + " {\"volume_backend_name\": \"ceph\"}}}"}) {
      assertThat(h.call("POST", types, t, admin).status()).isEqualTo(200);
    }
    String id = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    String a = path(id) + "/action";
    action(id, "{\"os-retype\": {\"new_type\": \"gold\", \"migration_policy\": \"never\"}}");
    JsonNode v = h.call("GET", path(id), null, demo).body().path("volume");
    assertThat(v.path("volume_type").asText()).isEqualTo("gold");
    assertThat(v.path("status").asText()).isEqualTo("available");
    assertThat(h.call("POST", a, "{\"os-retype\": {\"new_type\": \"gold\"}}", demo).status())
        .isEqualTo(400);
    assertThat(h.call("POST", a, "{\"os-retype\": {\"new_type\": \"nope\"}}", demo).status())
        .isEqualTo(404);
    var r = h.call("POST", a, "{\"os-retype\": {\"new_type\": \"elsewhere\"}}", demo);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().path("badRequest").path("message").asText())
        .contains("volume_backend_name");
    assertThat(h.call("POST", a, "{\"os-retype\": {}}", demo).status()).isEqualTo(400);
    assertThat(h.call("POST", a, "{\"os-retype\": {\"new_type\": \"__DEFAULT__\","
        + " \"migration_policy\": \"always\"}}", demo).status()).isEqualTo(400);
    assertThat(h.call("GET", path(id), null, demo).body().path("volume").path("volume_type")
        .asText()).isEqualTo("gold");
  }

  private static void write(Path file, String text) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.write(text.getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static String snapshot(String volume) throws Exception {
    String sp = "/v3/" + demoProject + "/snapshots";
    var r = h.call("POST", sp, "{\"snapshot\": {\"volume_id\": \"" + volume + "\"}}", demo);
    assertThat(r.status()).isEqualTo(202);
    String sid = r.body().path("snapshot").path("id").asText();
    h.await(sp + "/" + sid, "snapshot", "available", demo);
    return sid;
  }

  @Test
  void revertToTheLatestSnapshot() throws Exception {
    String id = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    Path file = h.volumesDir().resolve("volume-" + id);
    write(file, "FIRST");
    String s1 = snapshot(id);
    write(file, "SECND");
    Thread.sleep(5);
    String s2 = snapshot(id);
    write(file, "THIRD");
    String a = path(id) + "/action";
    String body2 = "{\"revert\": {\"snapshot_id\": \"" + s2 + "\"}}";
    // before 3.40 there is no such action
    assertThat(h.call("POST", a, body2, demo).status()).isEqualTo(400);
    var old = h.call("POST", a, "{\"revert\": {\"snapshot_id\": \"" + s1 + "\"}}", demo, V340);
    assertThat(old.status()).isEqualTo(400);
    assertThat(old.body().path("badRequest").path("message").asText()).contains("latest");
    assertThat(h.call("POST", a, "{\"revert\": {}}", demo, V340).status()).isEqualTo(400);
    assertThat(h.call("POST", a, "{\"revert\": {\"snapshot_id\":"
        + " \"0b1c6d3e-1111-4a4a-9c9c-5e5e5e5e5e5e\"}}", demo, V340).status()).isEqualTo(404);
    // the volume was extended since: it keeps its new size
    action(id, "{\"os-extend\": {\"new_size\": 2}}");
    h.await(path(id), "volume", "available", demo);
    assertThat(h.call("POST", a, body2, demo, V340).status()).isEqualTo(202);
    h.await(path(id), "volume", "available", demo);
    assertThat(new String(head(file, 5), StandardCharsets.US_ASCII)).isEqualTo("SECND");
    assertThat(Files.size(file)).isEqualTo(2L << 30);
    assertThat(h.call("GET", "/v3/" + demoProject + "/snapshots/" + s2, null, demo).body()
        .path("snapshot").path("status").asText()).isEqualTo("available");
  }
}
