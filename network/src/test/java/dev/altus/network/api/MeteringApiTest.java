package dev.altus.network.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Metering labels and rules through real HTTP: admin only, validation, overlap, cascade. */
class MeteringApiTest {
  static NetworkApiHarness api;
  static String admin;
  static String demo;
  static final String LABELS = "/v2.0/metering/metering-labels";
  static final String RULES = "/v2.0/metering/metering-label-rules";

  @BeforeAll
  static void start() throws Exception {
    api = new NetworkApiHarness();
    admin = api.adminToken();
    demo = api.demoToken();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static void assertError(NetworkApiHarness.Response r, int status, String type) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.body().at("/NeutronError/type").asText()).as(r.raw()).isEqualTo(type);
  }

  private static String label(String name) throws Exception {
    var r = api.call("POST", LABELS, "{\"metering_label\": {\"name\": \"" + name
        + "\", \"description\": \"d\"}}", admin);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().at("/metering_label/id").asText();
  }

  private static NetworkApiHarness.Response rule(String body, String token) throws Exception {
    return api.call("POST", RULES, "{\"metering_label_rule\": {" + body + "}}", token);
  }

  @Test
  void labelsAndRulesAreCreatedShownListedAndDeleted() throws Exception {
    String label = label("l1");
    JsonNode shown = api.call("GET", LABELS + "/" + label, null, admin).body().get("metering_label");
    assertThat(shown.get("name").asText()).isEqualTo("l1");
    assertThat(shown.get("description").asText()).isEqualTo("d");
    assertThat(shown.get("shared").asBoolean()).isFalse();
    assertThat(shown.get("project_id").asText()).isEqualTo(shown.get("tenant_id").asText()).isNotEmpty();
    assertThat(api.call("GET", LABELS + "?id=" + label, null, admin).body().get("metering_labels")).hasSize(1);
    assertThat(api.call("GET", LABELS + "?id=33", null, admin).body().get("metering_labels")).isEmpty();

    var r = rule("\"metering_label_id\": \"" + label + "\", \"direction\": \"ingress\","
        + " \"remote_ip_prefix\": \"10.0.0.0/24\"", admin);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    JsonNode rule = r.body().get("metering_label_rule");
    assertThat(rule.get("excluded").asBoolean()).isFalse();
    assertThat(rule.get("remote_ip_prefix").asText()).isEqualTo("10.0.0.0/24");
    assertThat(rule.get("source_ip_prefix").isNull()).isTrue();
    assertThat(rule.get("metering_label_id").asText()).isEqualTo(label);
    String ruleId = rule.get("id").asText();
    var v6 = rule("\"metering_label_id\": \"" + label + "\", \"direction\": \"egress\","
        + " \"source_ip_prefix\": \"fd02::/64\", \"destination_ip_prefix\": \"fd03::/64\", \"excluded\": true", admin);
    assertThat(v6.status()).as(v6.raw()).isEqualTo(201);
    assertThat(api.call("GET", RULES + "/" + ruleId, null, admin).body()
        .at("/metering_label_rule/direction").asText()).isEqualTo("ingress");
    assertThat(api.call("GET", RULES + "?metering_label_id=" + label, null, admin).body()
        .get("metering_label_rules")).hasSize(2);
    assertThat(api.call("DELETE", RULES + "/" + ruleId, null, admin).status()).isEqualTo(204);
    assertError(api.call("GET", RULES + "/" + ruleId, null, admin), 404, "MeteringLabelRuleNotFound");
    // a label goes with its rules
    assertThat(api.call("DELETE", LABELS + "/" + label, null, admin).status()).isEqualTo(204);
    assertError(api.call("GET", RULES + "/" + v6.body().at("/metering_label_rule/id").asText(), null, admin),
        404, "MeteringLabelRuleNotFound");
    assertError(api.call("GET", LABELS + "/" + label, null, admin), 404, "MeteringLabelNotFound");
    assertError(api.call("DELETE", LABELS + "/" + label, null, admin), 404, "MeteringLabelNotFound");
  }

  @Test
  void rulesAreValidatedAndMayNotOverlap() throws Exception {
    String label = label("l2");
    String base = "\"metering_label_id\": \"" + label + "\", ";
    assertThat(rule(base + "\"direction\": \"ingress\", \"remote_ip_prefix\": \"10.1.0.0/16\"", admin)
        .status()).isEqualTo(201);
    assertError(rule(base + "\"direction\": \"ingress\", \"remote_ip_prefix\": \"10.1.2.0/24\"", admin),
        409, "MeteringLabelRuleOverlaps");
    // the other direction, or excluded, does not overlap
    assertThat(rule(base + "\"direction\": \"egress\", \"remote_ip_prefix\": \"10.1.2.0/24\"", admin)
        .status()).isEqualTo(201);
    assertThat(rule(base + "\"direction\": \"ingress\", \"excluded\": true, \"remote_ip_prefix\": \"10.1.2.0/24\"",
        admin).status()).isEqualTo(201);
    assertError(rule(base + "\"direction\": \"sideways\", \"remote_ip_prefix\": \"10.2.0.0/24\"", admin),
        400, "InvalidInput");
    assertError(rule(base + "\"remote_ip_prefix\": \"10.2.0.0/24\"", admin), 400, "HTTPBadRequest");
    assertError(rule(base + "\"direction\": \"ingress\"", admin), 400, "HTTPBadRequest");
    assertError(rule(base + "\"direction\": \"ingress\", \"remote_ip_prefix\": \"10.2.0.0/24\","
        + " \"source_ip_prefix\": \"10.3.0.0/24\"", admin), 400, "HTTPBadRequest");
    assertError(rule(base + "\"direction\": \"ingress\", \"remote_ip_prefix\": \"10.2.0.1/24\"", admin),
        400, "InvalidInput");
    assertError(rule(base + "\"direction\": \"ingress\", \"remote_ip_prefix\": \"bogus\"", admin),
        400, "InvalidInput");
    assertError(rule(base + "\"direction\": \"ingress\", \"remote_ip_prefix\": \"10.9.0.0/24\", \"x\": 1", admin),
        400, "HTTPBadRequest");
    assertError(rule("\"metering_label_id\": \"nope\", \"direction\": \"ingress\", \"remote_ip_prefix\": \"10.9.0.0/24\"",
        admin), 404, "MeteringLabelNotFound");
    assertError(api.call("POST", LABELS, "{\"metering_label\": {\"name\": 5}}", admin), 400, "InvalidInput");
  }

  @Test
  void onlyAdminsMeter() throws Exception {
    String label = label("l3");
    assertError(api.call("POST", LABELS, "{\"metering_label\": {\"name\": \"x\"}}", demo), 403, "PolicyNotAuthorized");
    assertThat(api.call("GET", LABELS, null, demo).body().get("metering_labels")).isEmpty();
    assertError(api.call("GET", LABELS + "/" + label, null, demo), 404, "MeteringLabelNotFound");
    assertError(api.call("DELETE", LABELS + "/" + label, null, demo), 404, "MeteringLabelNotFound");
    assertError(rule("\"metering_label_id\": \"" + label + "\", \"direction\": \"ingress\","
        + " \"remote_ip_prefix\": \"10.0.0.0/24\"", demo), 403, "PolicyNotAuthorized");
  }
}
