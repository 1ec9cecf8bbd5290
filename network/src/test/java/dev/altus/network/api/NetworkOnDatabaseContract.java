package dev.altus.network.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.db.DatabaseConfig;
import dev.altus.network.ipam.Cidr;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The networking service's SQL on every supported server database (PostgreSQL, MariaDB; a subclass each): concurrent
 * subnets from one pool (the pool's row lock) and concurrent ports on one subnet (the address
 * key).
 */
abstract class NetworkOnDatabaseContract {
  static NetworkApiHarness api;
  static String demo;

  static void open(DatabaseConfig db) throws Exception {
    api = new NetworkApiHarness(Clock.systemUTC(), db);
    demo = api.demoToken();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static String network() throws Exception {
    return api.call("POST", "/v2.0/networks", "{\"network\": {}}", demo).body().at("/network/id").asText();
  }

  @Test
  void concurrentSubnetsFromOnePoolAndPortsOnOneSubnet() throws Exception {
    var p = api.call("POST", "/v2.0/subnetpools", "{\"subnetpool\": {\"name\": \"pg\","
        + " \"prefixes\": [\"10.60.0.0/25\"], \"default_prefixlen\": 28}}", demo);
    assertThat(p.status()).as(p.raw()).isEqualTo(201);
    String pool = p.body().at("/subnetpool/id").asText();
    List<String> nets = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      nets.add(network());
    }
    ExecutorService exec = Executors.newFixedThreadPool(6);
    List<Future<NetworkApiHarness.Response>> subnets = new ArrayList<>();
    for (String n : nets) {
      subnets.add(exec.submit(() -> api.call("POST", "/v2.0/subnets", "{\"subnet\": {\"network_id\": \""
          + n + "\", \"ip_version\": 4, \"subnetpool_id\": \"" + pool + "\", \"enable_dhcp\": false}}", demo)));
    }
    List<Cidr> got = new ArrayList<>();
    String firstSubnet = null;
    for (var f : subnets) {
      var r = f.get();
      if (r.status() == 201) {
        got.add(Cidr.parse(r.body().at("/subnet/cidr").asText(), false));
        firstSubnet = firstSubnet == null ? r.body().at("/subnet/id").asText() : firstSubnet;
      } else {
        assertThat(r.status()).as(r.raw()).isEqualTo(409);
      }
    }
    assertThat(got).hasSize(8);
    for (int i = 0; i < got.size(); i++) {
      for (int j = i + 1; j < got.size(); j++) {
        assertThat(got.get(i).overlaps(got.get(j))).isFalse();
      }
    }
    String subnet = firstSubnet;
    String net = api.call("GET", "/v2.0/subnets/" + subnet, null, demo).body().at("/subnet/network_id").asText();
    List<Future<NetworkApiHarness.Response>> ports = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ports.add(exec.submit(() -> api.call("POST", "/v2.0/ports", "{\"port\": {\"network_id\": \"" + net
          + "\"}}", demo)));
    }
    Set<String> ips = new HashSet<>();
    int full = 0;
    for (var f : ports) {
      var r = f.get();
      if (r.status() == 201) {
        ips.add(r.body().at("/port/fixed_ips/0/ip_address").asText());
      } else {
        assertThat(r.body().at("/NeutronError/type").asText()).as(r.raw()).isEqualTo("IpAddressGenerationFailure");
        full++;
      }
    }
    exec.shutdown();
    assertThat(ips).hasSize(13); // a /28 holds 13 addresses besides network, gateway and broadcast
    assertThat(full).isEqualTo(7);
    var avail = api.call("GET", "/v2.0/network-ip-availabilities/" + net, null, api.adminToken());
    assertThat(avail.body().at("/network_ip_availability/used_ips").asInt()).isEqualTo(13);
  }
}
