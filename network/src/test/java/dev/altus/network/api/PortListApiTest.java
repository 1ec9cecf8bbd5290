package dev.altus.network.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Port lists through real HTTP: a plain page (read from the database by id) gives what the general
 * list gives for the same request, and filters pre-tested on the stored text still match exactly.
 */
class PortListApiTest {
  static NetworkApiHarness api;
  static String admin;
  static String demo;

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

  private static String network(String token) throws Exception {
    var r = api.call("POST", "/v2.0/networks", "{\"network\": {\"name\": \"n\"}}", token);
    assertThat(r.status()).isEqualTo(201);
    String net = r.body().at("/network/id").asText();
    assertThat(api.call("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \"" + net
        + "\", \"ip_version\": 4, \"cidr\": \"10.30.0.0/24\"}}", token).status()).isEqualTo(201);
    return net;
  }

  private static String port(String token, String net, String extra) throws Exception {
    var r = api.call("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + net + "\"" + extra
        + "}}", token);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().at("/port/id").asText();
  }

  private static List<String> ids(JsonNode body) {
    List<String> out = new ArrayList<>();
    body.get("ports").forEach(p -> out.add(p.get("id").asText()));
    return out;
  }

  private static String q(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  /** Follows next links from {@code first}; checks each page against the general list's answer. */
  private static List<String> pageThrough(String first, String token) throws Exception {
    List<String> seen = new ArrayList<>();
    String path = first;
    while (path != null) {
      var page = api.call("GET", path, null, token);
      assertThat(page.status()).as(page.raw()).isEqualTo(200);
      // the same request with an explicit sort goes through the general list
      var general = api.call("GET", path + "&sort_key=id&sort_dir=asc", null, token);
      assertThat(page.body()).isEqualTo(general.body());
      seen.addAll(ids(page.body()));
      path = null;
      for (JsonNode l : page.body().path("ports_links")) {
        if (l.get("rel").asText().equals("next")) {
          path = l.get("href").asText().substring("http://127.0.0.1".length());
        }
      }
    }
    return seen;
  }

  @Test
  void pagesFollowedByNextLinksGiveTheWholeListInIdOrder() throws Exception {
    String net = network(admin);
    for (int i = 0; i < 5; i++) {
      port(admin, net, "");
    }
    String demoNet = network(demo);
    for (int i = 0; i < 3; i++) {
      port(demo, demoNet, "");
    }
    for (String token : List.of(admin, demo)) {
      List<String> all = ids(api.call("GET", "/v2.0/ports", null, token).body());
      assertThat(all).isSorted();
      for (int limit : List.of(1, 2, 3, 100)) {
        assertThat(pageThrough("/v2.0/ports?limit=" + limit, token)).isEqualTo(all);
      }
      var fields = api.call("GET", "/v2.0/ports?limit=2&fields=id&fields=mac_address", null, token);
      assertThat(fields.body().get("ports").get(0).size()).isEqualTo(2);
      assertThat(ids(fields.body())).isEqualTo(all.subList(0, 2));
    }
    // demo sees its own ports only (and the DHCP port of its network), paged or not
    List<String> demoPorts = pageThrough("/v2.0/ports?limit=1", demo);
    assertThat(demoPorts).hasSizeGreaterThanOrEqualTo(4);
    var adminPorts = ids(api.call("GET", "/v2.0/ports", null, admin).body());
    assertThat(adminPorts).containsAll(demoPorts).hasSizeGreaterThan(demoPorts.size());
  }

  @Test
  void anAdminsPlainListIsTheGeneralListsAnswer() throws Exception {
    String net = network(admin);
    port(admin, net, ", \"name\": \"n \\\"ü\\\"\", \"binding:host_id\": \"other-host\","
        + " \"binding:profile\": {\"a\": [1, 2.5, null, true]}");
    port(demo, network(demo), "");
    var plain = api.call("GET", "/v2.0/ports", null, admin);
    assertThat(plain.status()).isEqualTo(200);
    assertThat(plain.body().get("ports").size()).isGreaterThanOrEqualTo(5);
    // an explicit sort by id goes through the general list: same ports, same attributes
    assertThat(plain.body()).isEqualTo(api.call("GET", "/v2.0/ports?sort_key=id", null, admin).body());
    for (JsonNode p : plain.body().get("ports")) {
      assertThat(p).isEqualTo(api.call("GET", "/v2.0/ports/" + p.get("id").asText(), null, admin)
          .body().get("port"));
    }
    // others get the general list: binding details left out
    var demoList = api.call("GET", "/v2.0/ports", null, demo);
    assertThat(demoList.body().get("ports")).isNotEmpty();
    demoList.body().get("ports").forEach(p -> assertThat(p.has("binding:host_id")).isFalse());
  }

  @Test
  void markersAndLimitsAreCheckedAsBefore() throws Exception {
    String net = network(admin);
    String p = port(admin, net, "");
    var unknown = api.call("GET", "/v2.0/ports?limit=2&marker=no-such-port", null, admin);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().at("/NeutronError/message").asText())
        .isEqualTo("Marker no-such-port could not be found.");
    // a port the caller cannot see is no marker for it
    assertThat(api.call("GET", "/v2.0/ports?limit=2&marker=" + p, null, demo).status()).isEqualTo(404);
    var withMarker = api.call("GET", "/v2.0/ports?limit=1&marker=" + p, null, admin);
    assertThat(withMarker.status()).isEqualTo(200);
    boolean previous = false;
    for (JsonNode l : withMarker.body().path("ports_links")) {
      previous |= l.get("rel").asText().equals("previous")
          && l.get("href").asText().contains("marker=" + p + "&page_reverse=True");
    }
    assertThat(previous).isTrue();
    assertThat(api.call("GET", "/v2.0/ports?limit=-1", null, admin).status()).isEqualTo(400);
    assertThat(api.call("GET", "/v2.0/ports?limit=abc", null, admin).status()).isEqualTo(400);
    var unlimited = api.call("GET", "/v2.0/ports?limit=0", null, admin);
    assertThat(ids(unlimited.body())).isEqualTo(ids(api.call("GET", "/v2.0/ports", null, admin).body()));
    assertThat(unlimited.body().has("ports_links")).isFalse();
  }

  @Test
  void filtersMatchExactlyWhateverTheStoredTextHolds() throws Exception {
    String net = network(admin);
    String quote = port(admin, net, ", \"device_id\": \"dev \\\"q\\\" \\\\ ü\"");
    String named = port(admin, net, ", \"name\": \"dev-1\", \"device_id\": \"dev-2\"");
    String one = port(admin, net, ", \"device_id\": \"dev-1\"");
    String empty = port(admin, net, "");
    assertThat(ids(api.call("GET", "/v2.0/ports?device_id=" + q("dev \"q\" \\ ü"), null, admin).body()))
        .containsExactly(quote);
    assertThat(ids(api.call("GET", "/v2.0/ports?device_id=dev-1", null, admin).body()))
        .containsExactly(one);
    assertThat(ids(api.call("GET", "/v2.0/ports?device_id=dev-1&device_id=dev-2", null, admin).body()))
        .containsExactlyInAnyOrder(one, named);
    assertThat(ids(api.call("GET", "/v2.0/ports?name=dev-1&device_id=dev-2", null, admin).body()))
        .containsExactly(named);
    assertThat(ids(api.call("GET", "/v2.0/ports?name=dev-1&device_id=dev-1", null, admin).body()))
        .isEmpty();
    assertThat(ids(api.call("GET", "/v2.0/ports?network_id=" + net + "&device_id=", null, admin).body()))
        .contains(empty).doesNotContain(quote, named, one);
    assertThat(ids(api.call("GET", "/v2.0/ports?device_id=dev&fields=id", null, admin).body())).isEmpty();
    // a filter on an attribute the caller cannot see is ignored, as before
    String demoNet = network(demo);
    String demoPort = port(demo, demoNet, "");
    assertThat(ids(api.call("GET", "/v2.0/ports?binding:host_id=nowhere", null, demo).body()))
        .contains(demoPort);
    assertThat(ids(api.call("GET", "/v2.0/ports?binding:host_id=nowhere", null, admin).body()))
        .isEmpty();
  }
}
