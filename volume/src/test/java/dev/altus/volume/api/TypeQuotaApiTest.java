package dev.altus.volume.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Per-type quotas: volumes_, gigabytes_ and snapshots_ of a type, shown, set and enforced. */
class TypeQuotaApiTest extends VolumeApiCase {

  @Test
  void perTypeLimitsAreShownSetAndEnforced() throws Exception {
    String types = "/v3/" + adminProject + "/types";
    String silver = h.call("POST", types, "{\"volume_type\": {\"name\": \"silver\"}}", admin)
        .body().path("volume_type").path("id").asText();
    String qs = "/v3/" + adminProject + "/os-quota-sets/" + demoProject;
    JsonNode set = h.call("GET", qs, null, admin).body().path("quota_set");
    assertThat(set.path("volumes_silver").asLong()).isEqualTo(-1);
    assertThat(set.path("gigabytes___DEFAULT__").asLong()).isEqualTo(-1);
    assertThat(h.call("PUT", qs, "{\"quota_set\": {\"volumes_silver\": 1, \"gigabytes_silver\":"
        + " 3}}", admin).status()).isEqualTo(200);
    assertThat(h.call("PUT", qs, "{\"quota_set\": {\"volumes_gold\": 1}}", admin).status())
        .isEqualTo(400);

    String vols = "/v3/" + demoProject + "/volumes";
    String v1 = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1,"
        + " \"volume_type\": \"silver\"}}");
    var second = h.call("POST", vols, "{\"volume\": {\"size\": 1, \"volume_type\":"
        + " \"silver\"}}", demo);
    assertThat(second.status()).isEqualTo(413);
    assertThat(second.body().path("overLimit").path("message").asText())
        .contains("volumes_silver");
    // other types are not limited by silver's quota
    VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    var usage = h.call("GET", qs + "?usage=true", null, admin).body().path("quota_set");
    assertThat(usage.path("volumes_silver").path("in_use").asLong()).isEqualTo(1);
    assertThat(usage.path("volumes_silver").path("limit").asLong()).isEqualTo(1);
    // growing past the type's gigabytes is refused too
    var grow = h.call("POST", vols + "/" + v1 + "/action", "{\"os-extend\": {\"new_size\": 4}}",
        demo);
    assertThat(grow.status()).isEqualTo(413);
    // a retype into silver counts against silver's quota
    String plain = VolumeApiTest.create(h, demo, demoProject, "{\"volume\": {\"size\": 1}}");
    assertThat(h.call("POST", vols + "/" + plain + "/action", "{\"os-retype\": {\"new_type\":"
        + " \"silver\"}}", demo).status()).isEqualTo(413);
    // the default class takes per-type keys as well
    String qc = "/v3/" + adminProject + "/os-quota-class-sets/default";
    assertThat(h.call("PUT", qc, "{\"quota_class_set\": {\"snapshots_silver\": 5}}", admin)
        .body().path("quota_class_set").path("snapshots_silver").asLong()).isEqualTo(5);
    assertThat(silver).isNotEmpty();
  }
}
