package dev.altus.volume.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Volume transfers: offer, list, withdraw, accept into another project with the auth key. */
class TransferApiTest extends VolumeApiCase {
  static final Map<String, String> V357 = Map.of("OpenStack-API-Version", "volume 3.57");

  private static JsonNode volume(String project, String token, String id) throws Exception {
    return h.call("GET", "/v3/" + project + "/volumes/" + id, null, token).body()
        .path("volume");
  }

  @Test
  void offerAndAcceptMovesTheVolumeAndItsSnapshots() throws Exception {
    String vol = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    String sp = "/v3/" + demoProject + "/snapshots";
    var s = h.call("POST", sp, "{\"snapshot\": {\"volume_id\": \"" + vol + "\"}}", demo);
    String snap = s.body().path("snapshot").path("id").asText();
    h.await(sp + "/" + snap, "snapshot", "available", demo);

    String tp = "/v3/" + demoProject + "/volume-transfers";
    var c = h.call("POST", tp, "{\"transfer\": {\"volume_id\": \"" + vol + "\", \"name\":"
        + " \"t1\"}}", demo, V357);
    assertThat(c.status()).as(String.valueOf(c.body())).isEqualTo(202);
    JsonNode t = c.body().path("transfer");
    String id = t.path("id").asText();
    String key = t.path("auth_key").asText();
    assertThat(key).hasSize(16);
    assertThat(t.path("source_project_id").asText()).isEqualTo(demoProject);
    assertThat(t.path("no_snapshots").asBoolean()).isFalse();
    assertThat(volume(demoProject, demo, vol).path("status").asText())
        .isEqualTo("awaiting-transfer");
    // the volume cannot be deleted or offered twice meanwhile
    assertThat(h.call("DELETE", "/v3/" + demoProject + "/volumes/" + vol, null, demo).status())
        .isEqualTo(400);
    assertThat(h.call("POST", tp, "{\"transfer\": {\"volume_id\": \"" + vol + "\"}}", demo,
        V357).status()).isEqualTo(400);
    // listed (old and new paths), shown, never with the key
    JsonNode list = h.call("GET", "/v3/" + demoProject + "/os-volume-transfer", null, demo)
        .body().path("transfers");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).has("auth_key")).isFalse();
    assertThat(h.call("GET", tp + "/detail", null, demo, V357).body().path("transfers").get(0)
        .path("volume_id").asText()).isEqualTo(vol);
    assertThat(h.call("GET", tp + "/" + id, null, demo, V357).body().path("transfer")
        .path("name").asText()).isEqualTo("t1");
    // before 3.55 the new path does not exist
    assertThat(h.call("GET", tp, null, demo).status()).isEqualTo(404);

    String ap = "/v3/" + adminProject + "/os-volume-transfer/" + id + "/accept";
    var wrong = h.call("POST", ap, "{\"accept\": {\"auth_key\": \"0000000000000000\"}}", admin);
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(h.call("POST", ap, "{\"accept\": {}}", admin).status()).isEqualTo(400);
    var ok = h.call("POST", ap, "{\"accept\": {\"auth_key\": \"" + key + "\"}}", admin);
    assertThat(ok.status()).isEqualTo(202);
    assertThat(ok.body().path("transfer").path("volume_id").asText()).isEqualTo(vol);
    JsonNode v = volume(adminProject, admin, vol);
    assertThat(v.path("status").asText()).isEqualTo("available");
    assertThat(v.path("os-vol-tenant-attr:tenant_id").asText()).isEqualTo(adminProject);
    // the old owner sees it no more; the snapshot moved with it
    assertThat(h.call("GET", "/v3/" + demoProject + "/volumes/" + vol, null, demo).status())
        .isEqualTo(404);
    assertThat(h.call("GET", sp + "/" + snap, null, demo).status()).isEqualTo(404);
    assertThat(h.call("GET", "/v3/" + adminProject + "/snapshots/" + snap, null, admin).body()
        .path("snapshot").path("os-extended-snapshot-attributes:project_id").asText())
        .isEqualTo(adminProject);
    // accepted once only
    assertThat(h.call("POST", ap, "{\"accept\": {\"auth_key\": \"" + key + "\"}}", admin)
        .status()).isEqualTo(404);
  }

  @Test
  void withdrawAndBadInput() throws Exception {
    String vol = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    String tp = "/v3/" + demoProject + "/os-volume-transfer";
    assertThat(h.call("POST", tp, "{\"transfer\": {}}", demo).status()).isEqualTo(400);
    assertThat(h.call("POST", tp, "{}", demo).status()).isEqualTo(400);
    assertThat(h.call("POST", tp, "{\"transfer\": {\"volume_id\":"
        + " \"0b1c6d3e-1111-4a4a-9c9c-5e5e5e5e5e5e\"}}", demo).status()).isEqualTo(404);
    assertThat(h.call("POST", tp, "{\"transfer\": {\"volume_id\": \"" + vol + "\","
        + " \"no_snapshots\": true}}", demo).status()).isEqualTo(400);
    var c = h.call("POST", tp, "{\"transfer\": {\"volume_id\": \"" + vol + "\"}}", demo);
    String id = c.body().path("transfer").path("id").asText();
    // another project can neither see nor withdraw it
    assertThat(h.call("GET", "/v3/" + adminProject + "/os-volume-transfer", null, admin).body()
        .path("transfers")).isEmpty();
    assertThat(h.call("DELETE", tp + "/" + id, null, demo).status()).isEqualTo(202);
    assertThat(volume(demoProject, demo, vol).path("status").asText()).isEqualTo("available");
    assertThat(h.call("GET", tp + "/" + id, null, demo).status()).isEqualTo(404);
  }
}
