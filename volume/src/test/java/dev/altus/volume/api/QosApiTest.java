package dev.altus.volume.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** QoS specs: admin CRUD of specs and keys, associations with types, members refused. */
class QosApiTest extends VolumeApiCase {
  static String q;

  @BeforeAll
  static void path() {
    q = "/v3/" + adminProject + "/qos-specs";
  }

  @Test
  void specsKeysAndAssociations() throws Exception {
    var c = h.call("POST", q, "{\"qos_specs\": {\"name\": \"fast\", \"consumer\": \"front-end\","
        + " \"read_iops_sec\": \"2000\"}}", admin);
    assertThat(c.status()).as(String.valueOf(c.body())).isEqualTo(200);
    JsonNode spec = c.body().path("qos_specs");
    String id = spec.path("id").asText();
    assertThat(spec.path("specs").path("read_iops_sec").asText()).isEqualTo("2000");
    assertThat(c.body().path("links").get(0).path("href").asText()).endsWith(id);
    assertThat(h.call("GET", q, null, admin).body().path("qos_specs")).contains(spec);
    assertThat(h.call("POST", q, "{\"qos_specs\": {\"name\": \"fast\"}}", admin).status())
        .isEqualTo(409);

    var set = h.call("PUT", q + "/" + id, "{\"qos_specs\": {\"iops_bytes\": \"500\"}}", admin);
    assertThat(set.body().path("qos_specs").toString()).isEqualTo("{\"iops_bytes\":\"500\"}");
    assertThat(h.call("GET", q + "/" + id, null, admin).body().path("qos_specs").path("specs")
        .path("iops_bytes").asText()).isEqualTo("500");
    assertThat(h.call("PUT", q + "/" + id + "/delete_keys", "{\"keys\": [\"iops_bytes\"]}",
        admin).status()).isEqualTo(202);
    assertThat(h.call("GET", q + "/" + id, null, admin).body().path("qos_specs").path("specs")
        .has("iops_bytes")).isFalse();
    assertThat(h.call("PUT", q + "/" + id + "/delete_keys", "{\"keys\": [\"iops_bytes\"]}",
        admin).status()).isEqualTo(400);

    String types = "/v3/" + h.projectId(admin) + "/types";
    String t1 = h.call("POST", types, "{\"volume_type\": {\"name\": \"q1\"}}", admin).body()
        .path("volume_type").path("id").asText();
    String t2 = h.call("POST", types, "{\"volume_type\": {\"name\": \"q2\"}}", admin).body()
        .path("volume_type").path("id").asText();
    for (String t : new String[] {t1, t2}) {
      assertThat(h.call("GET", q + "/" + id + "/associate?vol_type_id=" + t, null, admin)
          .status()).isEqualTo(202);
    }
    JsonNode assoc = h.call("GET", q + "/" + id + "/associations", null, admin).body()
        .path("qos_associations");
    assertThat(assoc).hasSize(2);
    assertThat(assoc.get(0).path("association_type").asText()).isEqualTo("volume_type");
    // a type has one spec; an associated spec is deleted only by force
    String other = h.call("POST", q, "{\"qos_specs\": {\"name\": \"slow\"}}", admin).body()
        .path("qos_specs").path("id").asText();
    assertThat(h.call("GET", q + "/" + other + "/associate?vol_type_id=" + t1, null, admin)
        .status()).isEqualTo(400);
    assertThat(h.call("DELETE", q + "/" + id, null, admin).status()).isEqualTo(400);
    assertThat(h.call("GET", q + "/" + id + "/disassociate?vol_type_id=" + t1, null, admin)
        .status()).isEqualTo(202);
    assertThat(h.call("GET", q + "/" + id + "/associations", null, admin).body()
        .path("qos_associations")).hasSize(1);
    // a type deleted leaves no association behind
    assertThat(h.call("DELETE", types + "/" + t2, null, admin).status()).isEqualTo(202);
    assertThat(h.call("GET", q + "/" + id + "/associations", null, admin).body()
        .path("qos_associations")).isEmpty();
    assertThat(h.call("GET", q + "/" + id + "/associate?vol_type_id=" + t1, null, admin)
        .status()).isEqualTo(202);
    assertThat(h.call("GET", q + "/" + id + "/disassociate_all", null, admin).status())
        .isEqualTo(202);
    assertThat(h.call("DELETE", q + "/" + id, null, admin).status()).isEqualTo(202);
    assertThat(h.call("GET", q + "/" + id, null, admin).status()).isEqualTo(404);
  }

  @Test
  void badInputAndMembers() throws Exception {
    assertThat(h.call("POST", q, "{\"qos_specs\": {\"consumer\": \"both\"}}", admin).status())
        .isEqualTo(400);
    assertThat(h.call("POST", q, "{\"qos_specs\": {\"name\": \"x\", \"consumer\": \"hv\"}}",
        admin).status()).isEqualTo(400);
    assertThat(h.call("POST", q, "{\"qos_specs\": {\"name\": \"x\", \"k\": {}}}", admin)
        .status()).isEqualTo(400);
    assertThat(h.call("POST", q, "{}", admin).status()).isEqualTo(400);
    String id = h.call("POST", q, "{\"qos_specs\": {\"name\": \"y\"}}", admin).body()
        .path("qos_specs").path("id").asText();
    assertThat(h.call("GET", q + "/" + id, null, admin).body().path("qos_specs")
        .path("consumer").asText()).isEqualTo("back-end");
    assertThat(h.call("GET", q + "/" + id + "/associate", null, admin).status()).isEqualTo(400);
    assertThat(h.call("GET", q + "/" + id + "/associate?vol_type_id=nope", null, admin)
        .status()).isEqualTo(404);
    assertThat(h.call("PUT", q + "/" + id + "/delete_keys", "{\"keys\": \"a\"}", admin)
        .status()).isEqualTo(400);
    assertThat(h.call("GET", q + "/0b1c6d3e-1111-4a4a-9c9c-5e5e5e5e5e5e", null, admin)
        .status()).isEqualTo(404);
    String dq = "/v3/" + h.projectId(demo) + "/qos-specs";
    assertThat(h.call("GET", dq, null, demo).status()).isEqualTo(403);
    assertThat(h.call("POST", dq, "{\"qos_specs\": {\"name\": \"z\"}}", demo).status())
        .isEqualTo(403);
  }
}
