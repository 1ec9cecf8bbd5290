package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.http.HttpEndpoint;
import dev.altus.common.json.Json;
import dev.altus.compute.client.NetworkClient.HostRoute;
import dev.altus.common.auth.MetadataSecret;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metadata service over real HTTP, as the network side's proxy calls it: a signed instance
 * id, the instance's project; every EC2 and OpenStack path; the one-time password.
 */
class MetadataApiTest {
  static ComputeApiHarness h;
  static HttpEndpoint metadata;
  static String url;
  static final HttpClient http = HttpClient.newHttpClient();
  static final MetadataSecret SECRET = new MetadataSecret(ComputeApiHarness.METADATA_SECRET);
  static String demo;
  static String publicKey;
  /** vm1: a key, user data, metadata; vm2: nothing of those. */
  static JsonNode vm1;
  static JsonNode vm2;
  static final String USER_DATA = "#!/bin/sh\necho hello from user data\n";

  @BeforeAll
  static void boot() throws Exception {
    h = new ComputeApiHarness();
    metadata = new HttpEndpoint("metadata", h.compute.servers.metadata.router(),
        h.compute.servers.metadata.faults(), t -> Optional.empty(), new SimpleMeterRegistry(),
        () -> "").start("127.0.0.1", 0);
    url = "http://127.0.0.1:" + metadata.port();
    demo = h.demoToken();
    var key = h.call("POST", "/v2.1/os-keypairs", "{\"keypair\": {\"name\": \"k1\"}}", demo);
    assertThat(key.status()).as(key.raw()).isEqualTo(200);
    publicKey = key.body().at("/keypair/public_key").asText();
    String ud = Base64.getEncoder().encodeToString(USER_DATA.getBytes(StandardCharsets.UTF_8));
    var r = h.call("POST", "/v2.1/servers", """
        {"server": {"name": "vm1", "imageRef": "%s", "flavorRef": "1", "key_name": "k1",
         "user_data": "%s", "metadata": {"role": "web"},
         "networks": [{"uuid": "%s", "tag": "nic-a"}]}}""".formatted(h.imageId, ud, h.networkId),
        demo, "2.42");
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
    vm1 = h.waitFor(r.body().at("/server/id").asText(), "ACTIVE", demo);
    vm2 = h.waitFor(h.boot(demo, "vm2", "1"), "ACTIVE", demo);
  }

  @AfterAll
  static void close() {
    metadata.stop();
    h.close();
  }

  record Got(int status, String body, String type) {
    JsonNode json() {
      return Json.parse(body);
    }
  }

  static Got get(String path, JsonNode server) throws Exception {
    return send("GET", path, null, headers(server));
  }

  static Map<String, String> headers(JsonNode server) {
    String id = server.path("id").asText();
    return Map.of("X-Instance-ID", id, "X-Tenant-ID", server.path("tenant_id").asText(),
        "X-Instance-ID-Signature", SECRET.sign(id), "X-Forwarded-For", "10.9.9.9");
  }

  static Got send(String method, String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Got(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
  }

  @Test
  void theVersionListNeedsNoInstance() throws Exception {
    Got root = send("GET", "/", null, Map.of());
    assertThat(root.status()).isEqualTo(200);
    assertThat(root.body().split("\n")).containsExactly("1.0", "2007-01-19", "2007-03-01",
        "2007-08-29", "2007-10-10", "2007-12-15", "2008-02-01", "2008-09-01", "2009-04-04",
        "latest");
  }

  @Test
  void aCorrectSignatureIsAcceptedAndAnyOtherRefused() throws Exception {
    assertThat(get("/latest/meta-data/instance-id", vm1).status()).isEqualTo(200);
    String id = vm1.path("id").asText();
    String project = vm1.path("tenant_id").asText();
    Got wrong = send("GET", "/latest/meta-data/instance-id", null, Map.of("X-Instance-ID", id,
        "X-Tenant-ID", project, "X-Instance-ID-Signature", new MetadataSecret("other").sign(id)));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.body()).contains("Invalid proxy request signature");
    // vm2's id with vm1's signature: one guest never reads another's data
    Got borrowed = send("GET", "/latest/meta-data/instance-id", null, Map.of("X-Instance-ID",
        vm2.path("id").asText(), "X-Tenant-ID", project, "X-Instance-ID-Signature",
        SECRET.sign(id)));
    assertThat(borrowed.status()).isEqualTo(403);
    Got unsigned = send("GET", "/latest/meta-data/instance-id", null, Map.of("X-Instance-ID",
        id, "X-Tenant-ID", project));
    assertThat(unsigned.status()).isEqualTo(400);
    assertThat(unsigned.body()).contains("X-Instance-ID-Signature header is missing");
    Got anonymous = send("GET", "/openstack/latest/meta_data.json", null, Map.of());
    assertThat(anonymous.status()).isEqualTo(400);
    // a correctly signed id whose project is not the instance's is not found
    Got otherTenant = send("GET", "/latest/meta-data/instance-id", null, Map.of(
        "X-Instance-ID", id, "X-Tenant-ID", "another-project", "X-Instance-ID-Signature",
        SECRET.sign(id)));
    assertThat(otherTenant.status()).isEqualTo(404);
    // a signed id of no instance
    Got gone = send("GET", "/latest/meta-data/instance-id", null, Map.of("X-Instance-ID",
        "no-such-id", "X-Tenant-ID", project, "X-Instance-ID-Signature",
        SECRET.sign("no-such-id")));
    assertThat(gone.status()).isEqualTo(404);
  }

  @Test
  void ec2MetaData() throws Exception {
    JsonNode asAdmin = h.call("GET", "/v2.1/servers/" + vm1.path("id").asText(), null,
        h.adminToken(), "2.3").body().path("server");
    String instanceName = asAdmin.path("OS-EXT-SRV-ATTR:instance_name").asText();
    String instanceId = get("/latest/meta-data/instance-id", vm1).body();
    assertThat(instanceId).matches("i-[0-9a-f]{8}")
        .isEqualTo("i-" + instanceName.substring("instance-".length()));
    assertThat(get("/latest", vm1).body().split("\n")).containsExactly("meta-data/",
        "user-data");
    assertThat(get("/latest", vm2).body()).isEqualTo("meta-data/");
    assertThat(get("/latest/meta-data/", vm1).body().split("\n")).containsExactly("ami-id",
        "ami-launch-index", "ami-manifest-path", "block-device-mapping/", "hostname",
        "instance-action", "instance-id", "instance-type", "local-hostname", "local-ipv4",
        "placement/", "public-hostname", "public-ipv4", "public-keys/", "reservation-id",
        "security-groups");
    assertThat(get("/latest/meta-data/public-keys/", vm1).body()).isEqualTo("0=k1");
    assertThat(get("/latest/meta-data/public-keys/0/", vm1).body()).isEqualTo("openssh-key");
    assertThat(get("/latest/meta-data/public-keys/0/openssh-key", vm1).body())
        .isEqualTo(publicKey);
    assertThat(get("/latest/meta-data/public-keys/", vm2).status()).isEqualTo(404);
    String fixed = vm1.at("/addresses/private/0/addr").asText();
    assertThat(get("/latest/meta-data/local-ipv4", vm1).body()).isEqualTo(fixed);
    assertThat(get("/latest/meta-data/public-ipv4", vm1).body()).isEmpty();
    assertThat(get("/latest/meta-data/hostname", vm1).body()).isEqualTo("vm1.novalocal");
    assertThat(get("/latest/meta-data/local-hostname", vm1).body()).isEqualTo("vm1.novalocal");
    assertThat(get("/latest/meta-data/placement/", vm1).body())
        .isEqualTo("availability-zone");
    assertThat(get("/latest/meta-data/placement/availability-zone", vm1).body())
        .isEqualTo("nova");
    assertThat(get("/latest/meta-data/reservation-id", vm1).body())
        .isEqualTo(asAdmin.path("OS-EXT-SRV-ATTR:reservation_id").asText()).startsWith("r-");
    assertThat(get("/latest/meta-data/security-groups", vm1).body()).isEqualTo("default");
    assertThat(get("/latest/meta-data/instance-type", vm1).body()).isEqualTo("m1.tiny");
    assertThat(get("/latest/meta-data/ami-launch-index", vm1).body()).isEqualTo("0");
    assertThat(get("/latest/meta-data/ami-id", vm1).body()).matches("ami-[0-9a-f]{8}");
    assertThat(get("/latest/meta-data/block-device-mapping/", vm1).body().split("\n"))
        .containsExactly("ami", "root");
    assertThat(get("/latest/meta-data/block-device-mapping/root", vm1).body())
        .isEqualTo("/dev/vda");
    assertThat(get("/2009-04-04/user-data", vm1).body()).isEqualTo(USER_DATA);
    assertThat(get("/latest/user-data", vm2).status()).isEqualTo(404);
    // older versions show less; the /ec2 prefix is the same tree; unknown paths are 404
    assertThat(get("/1.0/meta-data/", vm1).body()).doesNotContain("local-hostname");
    assertThat(get("/ec2/2009-04-04/meta-data/instance-id", vm1).body()).isEqualTo(instanceId);
    assertThat(get("/2001-01-01/meta-data/", vm1).status()).isEqualTo(404);
    assertThat(get("/latest/meta-data/no-such-thing", vm1).status()).isEqualTo(404);
    assertThat(get("/latest/meta-data/hostname/deeper", vm1).status()).isEqualTo(404);
  }

  @Test
  void publicIpv4IsTheFirstFloatingAddress() throws Exception {
    String port = h.compute.servers.ports.of(vm1.path("id").asText()).get(0).portId();
    h.networks.floating.put(port, List.of("172.24.4.77"));
    try {
      assertThat(get("/latest/meta-data/public-ipv4", vm1).body()).isEqualTo("172.24.4.77");
    } finally {
      h.networks.floating.remove(port);
    }
  }

  @Test
  void openstackListingsFollowTheVersion() throws Exception {
    assertThat(get("/openstack", vm1).body().split("\n")).containsExactly("2012-08-10",
        "2013-04-04", "2013-10-17", "2015-10-15", "2016-06-30", "2016-10-06", "2017-02-22",
        "2018-08-27", "latest");
    assertThat(get("/openstack/latest/", vm1).body().split("\n")).containsExactly(
        "meta_data.json", "user_data", "password", "vendor_data.json", "network_data.json",
        "vendor_data2.json");
    assertThat(get("/openstack/2012-08-10", vm2).body()).isEqualTo("meta_data.json");
    assertThat(get("/openstack/2013-04-04/vendor_data.json", vm1).status()).isEqualTo(404);
    assertThat(get("/openstack/2013-10-17/vendor_data.json", vm1).body()).isEqualTo("{}");
    assertThat(get("/openstack/2013-10-17/network_data.json", vm1).status()).isEqualTo(404);
    assertThat(get("/openstack/2015-10-15/network_data.json", vm1).status()).isEqualTo(200);
    assertThat(get("/openstack/2016-06-30/vendor_data2.json", vm1).status()).isEqualTo(404);
    Got v2 = get("/openstack/latest/vendor_data2.json", vm1);
    assertThat(v2.body()).isEqualTo("{}");
    assertThat(v2.type()).startsWith("application/json");
    assertThat(get("/openstack/2012-08-10/password", vm1).status()).isEqualTo(404);
    assertThat(get("/openstack/1999-01-01/meta_data.json", vm1).status()).isEqualTo(404);
    assertThat(get("/openstack/latest/user_data", vm1).body()).isEqualTo(USER_DATA);
    assertThat(get("/openstack/latest/user_data", vm2).status()).isEqualTo(404);
    assertThat(get("/openstack/content/0000", vm1).status()).isEqualTo(404);
  }

  @Test
  void metaDataJson() throws Exception {
    Got got = get("/openstack/latest/meta_data.json", vm1);
    assertThat(got.type()).startsWith("application/json");
    JsonNode md = got.json();
    assertThat(md.path("uuid").asText()).isEqualTo(vm1.path("id").asText());
    assertThat(md.path("name").asText()).isEqualTo("vm1");
    assertThat(md.path("hostname").asText()).isEqualTo("vm1.novalocal");
    assertThat(md.path("project_id").asText()).isEqualTo(vm1.path("tenant_id").asText());
    assertThat(md.path("availability_zone").asText()).isEqualTo("nova");
    assertThat(md.path("launch_index").asInt(-1)).isZero();
    assertThat(md.at("/meta/role").asText()).isEqualTo("web");
    assertThat(md.at("/public_keys/k1").asText()).isEqualTo(publicKey);
    assertThat(md.at("/keys/0/name").asText()).isEqualTo("k1");
    assertThat(md.at("/keys/0/type").asText()).isEqualTo("ssh");
    assertThat(md.at("/keys/0/data").asText()).isEqualTo(publicKey);
    assertThat(Base64.getDecoder().decode(md.path("random_seed").asText())).hasSize(512);
    JsonNode nic = md.at("/devices/0");
    assertThat(nic.path("type").asText()).isEqualTo("nic");
    assertThat(nic.path("mac").asText()).isEqualTo(h.compute.servers.ports
        .of(vm1.path("id").asText()).get(0).macAddress());
    assertThat(nic.at("/tags/0").asText()).isEqualTo("nic-a");
    // the first version has neither random_seed nor project_id
    JsonNode folsom = get("/openstack/2012-08-10/meta_data.json", vm1).json();
    assertThat(folsom.has("random_seed")).isFalse();
    assertThat(folsom.has("project_id")).isFalse();
    JsonNode bare = get("/openstack/latest/meta_data.json", vm2).json();
    assertThat(bare.has("public_keys")).isFalse();
    assertThat(bare.has("meta")).isFalse();
  }

  @Test
  void networkDataWithDhcpAndWithStaticAddresses() throws Exception {
    var port = h.compute.servers.ports.of(vm1.path("id").asText()).get(0);
    JsonNode dhcp = get("/openstack/latest/network_data.json", vm1).json();
    JsonNode link = dhcp.at("/links/0");
    assertThat(link.path("id").asText()).isEqualTo("tap" + port.portId().substring(0, 11));
    assertThat(link.path("vif_id").asText()).isEqualTo(port.portId());
    assertThat(link.path("ethernet_mac_address").asText()).isEqualTo(port.macAddress());
    assertThat(link.path("mtu").asInt()).isEqualTo(1500);
    assertThat(link.path("type").asText()).isEqualTo("bridge");
    assertThat(dhcp.at("/networks/0/type").asText()).isEqualTo("ipv4_dhcp");
    assertThat(dhcp.at("/networks/0/link").asText()).isEqualTo(link.path("id").asText());
    assertThat(dhcp.at("/networks/0/network_id").asText()).isEqualTo(h.networkId);
    h.networks.dhcp = false;
    h.networks.dns = List.of("192.0.2.53");
    h.networks.routes = List.of(new HostRoute("198.51.100.0/24", port.addresses().get(0).addr()
        .replaceAll("\\.\\d+$", ".254")));
    try {
      JsonNode fixed = get("/openstack/latest/network_data.json", vm1).json();
      JsonNode net = fixed.at("/networks/0");
      String ip = port.addresses().get(0).addr();
      String gw = ip.replaceAll("\\.\\d+$", ".1");
      assertThat(net.path("type").asText()).isEqualTo("ipv4");
      assertThat(net.path("ip_address").asText()).isEqualTo(ip);
      assertThat(net.path("netmask").asText()).isEqualTo("255.255.255.0");
      assertThat(net.at("/routes/0/network").asText()).isEqualTo("0.0.0.0");
      assertThat(net.at("/routes/0/gateway").asText()).isEqualTo(gw);
      assertThat(net.at("/routes/1/network").asText()).isEqualTo("198.51.100.0");
      assertThat(net.at("/routes/1/netmask").asText()).isEqualTo("255.255.255.0");
      assertThat(net.at("/services/0/address").asText()).isEqualTo("192.0.2.53");
      assertThat(fixed.at("/services/0/type").asText()).isEqualTo("dns");
      assertThat(fixed.at("/services/0/address").asText()).isEqualTo("192.0.2.53");
    } finally {
      h.networks.dhcp = true;
      h.networks.dns = List.of();
      h.networks.routes = List.of();
    }
  }

  @Test
  void thePasswordIsPostedOnceUntilAnOperatorClearsIt() throws Exception {
    String id = vm2.path("id").asText();
    assertThat(get("/openstack/latest/password", vm2).body()).isEmpty();
    assertThat(send("POST", "/openstack/2013-04-04/password", "x".repeat(4 * 255 + 1),
        headers(vm2)).status()).isEqualTo(400);
    assertThat(send("POST", "/openstack/2013-04-04/password", "encrypted-1", headers(vm2))
        .status()).isEqualTo(200);
    assertThat(get("/openstack/latest/password", vm2).body()).isEqualTo("encrypted-1");
    Got again = send("POST", "/openstack/latest/password", "encrypted-2", headers(vm2));
    assertThat(again.status()).isEqualTo(409);
    assertThat(get("/openstack/latest/password", vm2).body()).isEqualTo("encrypted-1");
    var shown = h.call("GET", "/v2.1/servers/" + id + "/os-server-password", null, demo);
    assertThat(shown.body().path("password").asText()).isEqualTo("encrypted-1");
    assertThat(h.call("DELETE", "/v2.1/servers/" + id + "/os-server-password", null, demo)
        .status()).isEqualTo(204);
    assertThat(get("/openstack/latest/password", vm2).body()).isEmpty();
    assertThat(send("POST", "/openstack/latest/password", "x".repeat(4 * 255), headers(vm2))
        .status()).isEqualTo(200);
    assertThat(h.call("GET", "/v2.1/servers/" + id + "/os-server-password", null, demo).body()
        .path("password").asText()).hasSize(4 * 255);
    // nothing else may be posted
    assertThat(send("POST", "/openstack/latest/meta_data.json", "x", headers(vm2)).status())
        .isEqualTo(405);
  }
}
