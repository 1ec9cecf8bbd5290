package dev.altus.server.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.host.RecordingHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Host firewall rules that drop the cloud's ports, read from what {@code nft -j list ruleset}
 * printed for a real ruleset (an inet table with an address-and-port drop, a set reject and a
 * range drop; an iptables-nft DROP), captured in a network namespace.
 */
class FirewallCheckTest {
  private static final Map<Integer, String> PORTS = Map.of(5000, "identity API",
      8774, "compute API", 6080, "console proxy", 9696, "network API", 8775, "metadata API");

  private List<Finding> run(String address) throws Exception {
    String json = Files.readString(Path.of(getClass().getResource("/doctor/nft-ruleset.json")
        .toURI()));
    RecordingHost host = new RecordingHost().answer(List.of("nft", "-j", "list", "ruleset"), 0,
        json, "");
    List<Finding> out = new FirewallCheck(host, address, PORTS).run();
    System.out.println(new DoctorReport(out).text());
    return out;
  }

  @Test
  void namesEachRuleThatDropsOneOfTheCloudsPorts() throws Exception {
    List<Finding> out = run("127.0.0.25");
    assertThat(out).allMatch(f -> f.status() == Finding.Status.FAIL);
    assertThat(out).extracting(Finding::detail).containsExactlyInAnyOrder(
        "a rule in inet filter chain input handle 2 drops tcp port 8774 (compute API) at"
            + " 127.0.0.25: ip daddr == \"127.0.0.25\" tcp dport == 8774 drop",
        "a rule in inet filter chain input handle 4 rejects tcp port 5000 (identity API) at"
            + " 127.0.0.25: tcp dport == {\"set\":[5000,9292]} reject",
        "a rule in inet filter chain input handle 5 drops tcp port 6080 (console proxy) at"
            + " 127.0.0.25: tcp dport == {\"range\":[6000,6100]} drop",
        "a rule in ip filter chain INPUT handle 2 drops tcp port 9696 (network API) at"
            + " 127.0.0.25: tcp dport == 9696 drop");
    assertThat(out.get(0).fix()).startsWith("nft delete rule inet filter input handle 2");
  }

  @Test
  void aRuleForAnotherAddressIsNotInTheWay() throws Exception {
    assertThat(run("127.0.0.35")).extracting(Finding::detail)
        .noneMatch(d -> d.contains("8774")).anyMatch(d -> d.contains("9696"));
  }

  @Test
  void anEmptyRulesetIsOkAndAnInputPolicyDropWarns() {
    RecordingHost host = new RecordingHost().answer(List.of("nft"), 0, """
        {"nftables": [{"metainfo": {"version": "1.0.6"}}]}""", "");
    assertThat(new FirewallCheck(host, "127.0.0.25", PORTS).run()).singleElement()
        .satisfies(f -> assertThat(f.status()).isEqualTo(Finding.Status.OK));
    host = new RecordingHost().answer(List.of("nft"), 0, """
        {"nftables": [{"table": {"family": "inet", "name": "fw", "handle": 1}},
          {"chain": {"family": "inet", "table": "fw", "name": "in", "handle": 1, "type": "filter",
            "hook": "input", "prio": 0, "policy": "drop"}},
          {"rule": {"family": "inet", "table": "fw", "chain": "in", "handle": 2, "expr": [
            {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}},
              "right": {"set": [5000, 8774, 9696, 8775]}}}, {"accept": null}]}}]}""", "");
    assertThat(new FirewallCheck(host, "127.0.0.25", PORTS).run()).singleElement()
        .satisfies(f -> {
          assertThat(f.status()).isEqualTo(Finding.Status.WARN);
          assertThat(f.detail()).isEqualTo("the input chain inet fw in drops by policy and no"
              + " rule seen accepts tcp ports 6080 explicitly");
        });
  }
}
