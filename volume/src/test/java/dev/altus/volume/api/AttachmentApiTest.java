package dev.altus.volume.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Attach / detach as state transitions, snapshots with real bytes, types and admin actions. */
class AttachmentApiTest extends VolumeApiCase {
  private static String path(String id) {
    return "/v3/" + demoProject + "/volumes/" + id;
  }

  private static String status(String id) throws Exception {
    return h.call("GET", path(id), null, demo).body().path("volume").path("status").asText();
  }

  @Test
  void attachDetachCycleAndNoDeleteWhileAttached() throws Exception {
    String id = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    String a = path(id) + "/action";
    assertThat(h.call("POST", a, "{\"os-reserve\": {}}", demo).status()).isEqualTo(202);
    assertThat(status(id)).isEqualTo("attaching");
    assertThat(h.call("POST", a, "{\"os-reserve\": {}}", demo).status()).isEqualTo(400);
    var conn = h.call("POST", a, "{\"os-initialize_connection\": {\"connector\": {\"host\":"
        + " \"h\"}}}", demo);
    assertThat(conn.status()).isEqualTo(200);
    JsonNode info = conn.body().path("connection_info");
    assertThat(info.path("driver_volume_type").asText()).isEqualTo("file");
    assertThat(info.path("data").path("device_path").asText())
        .isEqualTo(h.volumesDir().resolve("volume-" + id).toString());
    String server = "6f3a1e22-93a7-4a6a-8e8e-0c1c2b3d4e5f";
    assertThat(h.call("POST", a, "{\"os-attach\": {\"instance_uuid\": \"" + server
        + "\", \"mountpoint\": \"/dev/vdb\", \"mode\": \"rw\"}}", demo).status()).isEqualTo(202);
    JsonNode v = h.call("GET", path(id), null, demo).body().path("volume");
    assertThat(v.path("status").asText()).isEqualTo("in-use");
    assertThat(v.path("attachments").get(0).path("server_id").asText()).isEqualTo(server);
    assertThat(v.path("attachments").get(0).path("device").asText()).isEqualTo("/dev/vdb");

    var del = h.call("DELETE", path(id), null, demo);
    assertThat(del.status()).isEqualTo(400);
    assertThat(Files.exists(h.volumesDir().resolve("volume-" + id))).isTrue();

    assertThat(h.call("POST", a, "{\"os-begin_detaching\": {}}", demo).status()).isEqualTo(202);
    assertThat(status(id)).isEqualTo("detaching");
    assertThat(h.call("POST", a, "{\"os-roll_detaching\": {}}", demo).status()).isEqualTo(202);
    assertThat(status(id)).isEqualTo("in-use");
    assertThat(h.call("POST", a, "{\"os-begin_detaching\": {}}", demo).status()).isEqualTo(202);
    assertThat(h.call("POST", a, "{\"os-terminate_connection\": {\"connector\": {}}}", demo)
        .status()).isEqualTo(202);
    assertThat(h.call("POST", a, "{\"os-detach\": {}}", demo).status()).isEqualTo(202);
    v = h.call("GET", path(id), null, demo).body().path("volume");
    assertThat(v.path("status").asText()).isEqualTo("available");
    assertThat(v.path("attachments")).isEmpty();
    assertThat(h.call("POST", a, "{\"os-reserve\": {}}", demo).status()).isEqualTo(202);
    assertThat(h.call("POST", a, "{\"os-unreserve\": {}}", demo).status()).isEqualTo(202);
    assertThat(status(id)).isEqualTo("available");
  }

  @Test
  void readonlyVolumesAttachReadOnly() throws Exception {
    String id = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    String a = path(id) + "/action";
    assertThat(h.call("POST", a, "{\"os-update_readonly_flag\": {\"readonly\": true}}", demo)
        .status()).isEqualTo(202);
    assertThat(h.call("POST", a, "{\"os-attach\": {\"instance_uuid\":"
        + " \"6f3a1e22-93a7-4a6a-8e8e-0c1c2b3d4e5f\", \"mode\": \"rw\"}}", demo).status())
        .isEqualTo(400);
    assertThat(h.call("POST", a, "{\"os-attach\": {\"instance_uuid\":"
        + " \"6f3a1e22-93a7-4a6a-8e8e-0c1c2b3d4e5f\", \"mode\": \"ro\"}}", demo).status())
        .isEqualTo(202);
  }

  @Test
  void resetStatusIsForAdmins() throws Exception {
    String id = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    String body = "{\"os-reset_status\": {\"status\": \"error\"}}";
    assertThat(h.call("POST", path(id) + "/action", body, demo).status()).isEqualTo(403);
    assertThat(h.call("POST", "/v3/" + adminProject + "/volumes/" + id + "/action", body, admin)
        .status()).isEqualTo(202);
    assertThat(status(id)).isEqualTo("error");
    assertThat(h.call("POST", "/v3/" + adminProject + "/volumes/" + id + "/action",
        "{\"os-reset_status\": {\"status\": \"bogus\"}}", admin).status()).isEqualTo(400);
  }

  @Test
  void snapshotsCopyTheBytesAndVolumesComeFromThem() throws Exception {
    String id = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    var file = h.volumesDir().resolve("volume-" + id);
    byte[] mark = "altus-volume-bytes".getBytes();
    try (var ch = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(mark), 4096);
    }
    String sp = "/v3/" + demoProject + "/snapshots";
    var r = h.call("POST", sp, "{\"snapshot\": {\"volume_id\": \"" + id
        + "\", \"name\": \"s1\", \"metadata\": {\"m\": \"1\"}}}", demo);
    assertThat(r.status()).isEqualTo(202);
    String sid = r.body().path("snapshot").path("id").asText();
    JsonNode s = h.await(sp + "/" + sid, "snapshot", "available", demo);
    assertThat(s.path("os-extended-snapshot-attributes:progress").asText()).isEqualTo("100%");
    assertThat(h.call("GET", sp + "/detail", null, demo).body().path("snapshots")
        .findValuesAsText("id")).contains(sid);
    assertThat(h.call("GET", sp + "/" + sid + "/metadata", null, demo).body().path("metadata")
        .path("m").asText()).isEqualTo("1");
    // the volume cannot go while it has snapshots
    assertThat(h.call("DELETE", path(id), null, demo).status()).isEqualTo(400);

    var nv = h.call("POST", "/v3/" + demoProject + "/volumes", "{\"volume\": {\"size\": 2,"
        + " \"snapshot_id\": \"" + sid + "\"}}", demo);
    assertThat(nv.status()).isEqualTo(202);
    String copy = nv.body().path("volume").path("id").asText();
    JsonNode made = h.await(path(copy), "volume", "available", demo);
    assertThat(made.path("snapshot_id").asText()).isEqualTo(sid);
    var copyFile = h.volumesDir().resolve("volume-" + copy);
    assertThat(Files.size(copyFile)).isEqualTo(2L << 30);
    byte[] read = new byte[mark.length];
    try (var ch = java.nio.channels.FileChannel.open(copyFile)) {
      ch.read(java.nio.ByteBuffer.wrap(read), 4096);
    }
    assertThat(Arrays.equals(read, mark)).isTrue();

    assertThat(h.call("DELETE", sp + "/" + sid, null, demo).status()).isEqualTo(202);
    h.await(sp + "/" + sid, "snapshot", "deleted", demo);
    assertThat(h.volumesDir().resolve("snapshot-" + sid)).doesNotExist();
    // an in-use volume is snapshotted only with force
    String a = path(id) + "/action";
    h.call("POST", a, "{\"os-attach\": {\"instance_uuid\":"
        + " \"6f3a1e22-93a7-4a6a-8e8e-0c1c2b3d4e5f\", \"mountpoint\": \"/dev/vdb\"}}", demo);
    assertThat(h.call("POST", sp, "{\"snapshot\": {\"volume_id\": \"" + id + "\"}}", demo)
        .status()).isEqualTo(400);
    assertThat(h.call("POST", sp, "{\"snapshot\": {\"volume_id\": \"" + id
        + "\", \"force\": true}}", demo).status()).isEqualTo(202);
  }

  @Test
  void volumeTypesAreAdminManagedWithSpecsAndAccess() throws Exception {
    String t = "/v3/" + adminProject + "/types";
    assertThat(h.call("POST", "/v3/" + demoProject + "/types",
        "{\"volume_type\": {\"name\": \"x\"}}", demo).status()).isEqualTo(403);
    var made = h.call("POST", t, "{\"volume_type\": {\"name\": \"gold\", \"extra_specs\":"
        + " {\"volume_backend_name\": \"file\"}, \"os-volume-type-access:is_public\": false}}",
        admin);
    assertThat(made.status()).isEqualTo(200);
    String tid = made.body().path("volume_type").path("id").asText();
    assertThat(h.call("POST", t, "{\"volume_type\": {\"name\": \"gold\"}}", admin).status())
        .isEqualTo(409);
    // private: the demo project neither sees nor uses it until given access
    assertThat(h.call("GET", "/v3/" + demoProject + "/types/" + tid, null, demo).status())
        .isEqualTo(404);
    assertThat(h.call("POST", t + "/" + tid + "/action", "{\"addProjectAccess\": {\"project\": \""
        + demoProject + "\"}}", admin).status()).isEqualTo(202);
    var seen = h.call("GET", "/v3/" + demoProject + "/types/" + tid, null, demo);
    assertThat(seen.status()).isEqualTo(200);
    assertThat(seen.body().path("volume_type").has("extra_specs")).isFalse();
    assertThat(h.call("GET", t + "/" + tid + "/os-volume-type-access", null, admin).body()
        .path("volume_type_access").findValuesAsText("project_id")).containsExactly(demoProject);
    assertThat(h.call("PUT", t + "/" + tid + "/extra_specs/k", "{\"k\": \"v\"}", admin).status())
        .isEqualTo(200);
    assertThat(h.call("GET", t + "/" + tid + "/extra_specs", null, admin).body()
        .path("extra_specs").path("k").asText()).isEqualTo("v");
    String vid = VolumeApiTest.create(h, demo, demoProject,
        "{\"volume\": {\"size\": 1, \"volume_type\": \"gold\"}}");
    assertThat(h.call("DELETE", t + "/" + tid, null, admin).status()).isEqualTo(400);
    h.call("DELETE", path(vid), null, demo);
    h.await(path(vid), "volume", "deleted", demo);
    assertThat(h.call("DELETE", t + "/" + tid, null, admin).status()).isEqualTo(202);
    var dflt = h.call("GET", t + "/default", null, admin);
    assertThat(dflt.body().path("volume_type").path("name").asText()).isEqualTo("__DEFAULT__");
    assertThat(h.call("DELETE", t + "/" + dflt.body().path("volume_type").path("id").asText(),
        null, admin).status()).isEqualTo(400);
  }
}
