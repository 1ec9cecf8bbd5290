package dev.altus.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.common.policy.PolicyEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code altus policy list}: every service's defaults as a sample file that reads back as they are. */
class PolicyListingTest {

  @Test
  void eachServiceListsItsRulesAndTheSampleReadsBackAsTheDefaults() throws Exception {
    Map<String, String> expected = Map.of("identity", "identity:create_user",
        "image", "publicize_image", "network", "create_port:binding:host_id",
        "compute", "os_compute_api:servers:create");
    for (String service : PolicyListing.SERVICES) {
      PolicyEngine engine = PolicyListing.defaults(service);
      String sample = PolicyListing.sample(engine);
      assertThat(sample).as(service).contains("#\"" + expected.get(service) + "\": \"");
      // uncommented, the sample is a policy file that sets every rule to its default
      Path file = Files.createTempFile("sample", ".yaml");
      try {
        Files.writeString(file, sample.replaceAll("(?m)^#\"", "\""));
        PolicyEngine reread = new PolicyEngine(Map.of()).loadOverrides(file);
        assertThat(reread.rules()).as(service).isEqualTo(engine.defaults());
      } finally {
        Files.delete(file);
      }
      for (String line : sample.split("\n\n")) {
        assertThat(line.split("\n")).as(line).hasSize(2);
        assertThat(line).startsWith("# ");
      }
    }
    // docs/policy.md lists every networking rule with its default
    String doc = Files.readString(Path.of("..", "docs", "policy.md"));
    PolicyListing.defaults("network").defaults().forEach((name, rule) ->
        assertThat(doc).as("docs/policy.md lists " + name)
            .contains("| `" + name + "` | `" + (rule.isEmpty() ? "\"\"" : rule) + "` |"));
    assertThat(PolicyListing.sample(PolicyListing.defaults("network")))
        .contains("# The host a port is bound to, set on create\n#\"create_port:binding:host_id\": \"rule:admin_only\"");
  }
}
