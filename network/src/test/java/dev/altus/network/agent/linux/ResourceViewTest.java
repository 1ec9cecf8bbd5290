package dev.altus.network.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.network.agent.ResourceChange;
import org.junit.jupiter.api.Test;

class ResourceViewTest {
  private final ResourceView view = new ResourceView();

  private ObjectNode put(String kind, String action, String json) {
    ObjectNode d = (ObjectNode) Json.parse(json);
    return view.apply(new ResourceChange(kind, action, d.get("id").asText(), d));
  }

  @Test
  void lookupsFollowChangesAndDeletionsCascade() {
    put("network", "created", "{\"id\": \"n1\", \"mtu\": 1450}");
    put("subnet", "created", "{\"id\": \"s1\", \"network_id\": \"n1\", \"enable_dhcp\": true}");
    put("subnet", "created", "{\"id\": \"s2\", \"network_id\": \"n1\", \"enable_dhcp\": false}");
    put("port", "created", "{\"id\": \"p1\", \"network_id\": \"n1\", \"device_owner\": \"compute:nova\","
        + " \"binding:host_id\": \"h1\", \"security_groups\": [\"g1\"],"
        + " \"fixed_ips\": [{\"subnet_id\": \"s1\", \"ip_address\": \"10.0.0.5\"}]}");
    put("port", "created", "{\"id\": \"p2\", \"network_id\": \"n1\", \"device_owner\": \"network:dhcp\","
        + " \"device_id\": \"dhcp-n1\", \"fixed_ips\": [{\"subnet_id\": \"s1\", \"ip_address\": \"10.0.0.2\"}]}");
    put("port", "created", "{\"id\": \"p3\", \"network_id\": \"n1\","
        + " \"device_owner\": \"network:router_interface\", \"device_id\": \"r1\","
        + " \"fixed_ips\": [{\"subnet_id\": \"s2\", \"ip_address\": \"10.0.1.1\"}]}");
    put("security_group", "created", "{\"id\": \"g1\"}");
    put("security_group_rule", "created", "{\"id\": \"r1\", \"security_group_id\": \"g1\"}");

    assertThat(view.subnetsOf("n1")).hasSize(2);
    assertThat(view.dhcpSubnetsOf("n1")).extracting(s -> s.get("id").asText()).containsExactly("s1");
    assertThat(view.portsOnHost("h1")).extracting(p -> p.get("id").asText()).containsExactly("p1");
    assertThat(view.portsOwnedBy("compute:")).extracting(p -> p.get("id").asText()).containsExactly("p1");
    assertThat(view.dhcpPort("n1")).map(p -> p.get("id").asText()).contains("p2");
    assertThat(view.routerInterfacesOn("s1")).isEmpty();
    assertThat(view.routerInterfacesOn("s2")).hasSize(1);
    assertThat(view.routerInterfaces("r1")).hasSize(1);
    assertThat(view.portsInGroup("g1")).hasSize(1);
    assertThat(view.rulesOf("g1")).hasSize(1);
    assertThat(ResourceView.addresses(view.port("p1").orElseThrow())).containsExactly("10.0.0.5");

    ObjectNode before = put("port", "updated", "{\"id\": \"p1\", \"network_id\": \"n1\", \"binding:host_id\": \"h2\"}");
    assertThat(before.get("binding:host_id").asText()).isEqualTo("h1");
    assertThat(view.portsOnHost("h1")).isEmpty();

    put("security_group", "deleted", "{\"id\": \"g1\"}");
    assertThat(view.rulesOf("g1")).isEmpty();
    put("network", "deleted", "{\"id\": \"n1\"}");
    assertThat(view.subnetsOf("n1")).isEmpty();
    assertThat(view.portsOf("n1")).isEmpty();
    assertThat(view.networks()).isEmpty();
  }
}
