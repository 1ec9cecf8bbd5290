package dev.altus.volume.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The attachments API (3.27+): reserve, connect, complete, delete, as Nova drives it. */
class AttachmentsV327ApiTest extends VolumeApiCase {
  static final Map<String, String> V344 = Map.of("OpenStack-API-Version", "volume 3.44");
  static final String SERVER = "6f3a1e22-93a7-4a6a-8e8e-0c1c2b3d4e5f";

  private static String att() {
    return "/v3/" + demoProject + "/attachments";
  }

  private static JsonNode volume(String id) throws Exception {
    return h.call("GET", "/v3/" + demoProject + "/volumes/" + id, null, demo).body()
        .path("volume");
  }

  @Test
  void reserveConnectCompleteDelete() throws Exception {
    String vol = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    var c = h.call("POST", att(), "{\"attachment\": {\"volume_uuid\": \"" + vol + "\","
        + " \"instance_uuid\": \"" + SERVER + "\"}}", demo, V344);
    assertThat(c.status()).as(String.valueOf(c.body())).isEqualTo(200);
    JsonNode a = c.body().path("attachment");
    String id = a.path("id").asText();
    assertThat(a.path("status").asText()).isEqualTo("reserved");
    assertThat(a.path("connection_info").isNull()).isTrue();
    assertThat(volume(vol).path("status").asText()).isEqualTo("reserved");
    // reserved is not attached: the volume shows no attachment yet, and cannot be deleted
    assertThat(volume(vol).path("attachments")).isEmpty();
    assertThat(h.call("DELETE", "/v3/" + demoProject + "/volumes/" + vol, null, demo).status())
        .isEqualTo(400);

    var u = h.call("PUT", att() + "/" + id, "{\"attachment\": {\"connector\": {\"host\":"
        + " \"compute1\", \"mountpoint\": \"/dev/vdb\"}}}", demo, V344);
    assertThat(u.status()).isEqualTo(200);
    JsonNode info = u.body().path("attachment").path("connection_info");
    assertThat(info.path("driver_volume_type").asText()).isEqualTo("file");
    assertThat(info.path("data").path("device_path").asText())
        .isEqualTo(h.volumesDir().resolve("volume-" + vol).toString());
    assertThat(info.path("attachment_id").asText()).isEqualTo(id);
    assertThat(volume(vol).path("status").asText()).isEqualTo("attaching");

    assertThat(h.call("POST", att() + "/" + id + "/action", "{\"os-complete\": {}}", demo, V344)
        .status()).isEqualTo(204);
    JsonNode v = volume(vol);
    assertThat(v.path("status").asText()).isEqualTo("in-use");
    assertThat(v.path("attachments").get(0).path("attachment_id").asText()).isEqualTo(id);
    assertThat(v.path("attachments").get(0).path("server_id").asText()).isEqualTo(SERVER);
    assertThat(v.path("attachments").get(0).path("host_name").asText()).isEqualTo("compute1");

    var list = h.call("GET", att() + "?volume_id=" + vol, null, demo, V344).body()
        .path("attachments");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("status").asText()).isEqualTo("attached");
    assertThat(list.get(0).path("instance").asText()).isEqualTo(SERVER);
    var detail = h.call("GET", att() + "/detail?instance_id=" + SERVER, null, demo, V344).body()
        .path("attachments");
    assertThat(detail.get(0).path("attach_mode").asText()).isEqualTo("rw");
    assertThat(h.call("GET", att() + "?instance_id=other", null, demo, V344).body()
        .path("attachments")).isEmpty();
    var show = h.call("GET", att() + "/" + id, null, demo, V344);
    assertThat(show.body().path("attachment").path("attached_at").isNull()).isFalse();

    assertThat(h.call("DELETE", att() + "/" + id, null, demo, V344).status()).isEqualTo(200);
    assertThat(volume(vol).path("status").asText()).isEqualTo("available");
    assertThat(volume(vol).path("metadata").has("attached_mode")).isFalse();
    assertThat(h.call("GET", att() + "/" + id, null, demo, V344).status()).isEqualTo(404);
  }

  @Test
  void createWithConnectorAndBadInput() throws Exception {
    String vol = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    // before 3.27 there are no attachments
    assertThat(h.call("GET", att(), null, demo).status()).isEqualTo(404);
    assertThat(h.call("POST", att(), "{\"attachment\": {}}", demo, V344).status())
        .isEqualTo(400);
    assertThat(h.call("POST", att(), "{\"nothing\": 1}", demo, V344).status()).isEqualTo(400);
    assertThat(h.call("POST", att(), "{\"attachment\": {\"volume_uuid\":"
        + " \"0b1c6d3e-1111-4a4a-9c9c-5e5e5e5e5e5e\"}}", demo, V344).status()).isEqualTo(404);
    assertThat(h.call("POST", att(), "{\"attachment\": {\"volume_uuid\": \"" + vol + "\","
        + " \"connector\": \"host\"}}", demo, V344).status()).isEqualTo(400);
    assertThat(h.call("POST", att(), "{\"attachment\": {\"volume_uuid\": \"" + vol + "\","
        + " \"mode\": \"ro\"}}", demo, V344).status()).isEqualTo(400);
    assertThat(volume(vol).path("status").asText()).isEqualTo("available");
    var c = h.call("POST", att(), "{\"attachment\": {\"volume_uuid\": \"" + vol + "\","
        + " \"instance_uuid\": \"" + SERVER + "\", \"connector\": {\"host\": \"h\"},"
        + " \"mode\": \"ro\"}}", demo, Map.of("OpenStack-API-Version", "volume 3.54"));
    assertThat(c.status()).isEqualTo(200);
    String id = c.body().path("attachment").path("id").asText();
    assertThat(c.body().path("attachment").path("status").asText()).isEqualTo("attaching");
    assertThat(c.body().path("attachment").path("connection_info").path("data")
        .path("access_mode").asText()).isEqualTo("ro");
    // a second reservation of a volume that is not available is refused
    assertThat(h.call("POST", att(), "{\"attachment\": {\"volume_uuid\": \"" + vol + "\"}}",
        demo, V344).status()).isEqualTo(400);
    assertThat(h.call("PUT", att() + "/" + id, "{\"attachment\": {}}", demo, V344).status())
        .isEqualTo(400);
    assertThat(h.call("POST", att() + "/" + id + "/action", "{\"os-other\": {}}", demo, V344)
        .status()).isEqualTo(400);
    // another project sees nothing of it
    String other = h.token("admin", VolumeApiHarness.ADMIN_PASSWORD, "admin");
    assertThat(h.call("GET", "/v3/" + h.projectId(other) + "/attachments", null, other, V344)
        .body().path("attachments")).isEmpty();
    assertThat(h.call("DELETE", att() + "/" + id, null, demo, V344).status()).isEqualTo(200);
    assertThat(volume(vol).path("status").asText()).isEqualTo("available");
  }
}
