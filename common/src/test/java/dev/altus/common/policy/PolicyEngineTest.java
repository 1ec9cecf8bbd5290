package dev.altus.common.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
  static RequestContext ctx(String user, String project, Set<String> roles) {
    return new RequestContext(user, user, "default", project, project, "default", null, false,
        roles, roles, "t", Instant.now(), List.of("a"), null, null);
  }

  final PolicyEngine engine = new PolicyEngine(Map.of(
      "admin_required", "role:admin",
      "owner", "user_id:%(target.user.id)s",
      "identity:get_user", "rule:admin_required or rule:owner",
      "identity:list", "(role:reader and project_id:%(target.project.id)s) or rule:admin_required",
      "never", "!",
      "always", "@",
      "negated", "not role:admin"));

  @Test
  void rolesAndTargetsCombine() {
    var alice = ctx("alice", "p1", Set.of("member", "reader"));
    assertThat(engine.allowed("identity:get_user", alice, Map.of("target.user.id", "alice"))).isTrue();
    assertThat(engine.allowed("identity:get_user", alice, Map.of("target.user.id", "bob"))).isFalse();
    assertThat(engine.allowed("identity:list", alice, Map.of("target.project.id", "p1"))).isTrue();
    assertThat(engine.allowed("identity:list", alice, Map.of("target.project.id", "p2"))).isFalse();
    assertThat(engine.allowed("identity:list", ctx("root", "x", Set.of("admin")), Map.of())).isTrue();
  }

  @Test
  void constantsNegationAndMissingTargets() {
    var admin = ctx("root", "p", Set.of("admin"));
    assertThat(engine.allowed("never", admin, Map.of())).isFalse();
    assertThat(engine.allowed("always", ctx("x", null, Set.of()), Map.of())).isTrue();
    assertThat(engine.allowed("negated", admin, Map.of())).isFalse();
    // a target value that is absent never matches
    assertThat(engine.allowed("identity:get_user", ctx("u", "p", Set.of()), Map.of())).isFalse();
  }

  @Test
  void enforceNamesTheActionInThe403() {
    assertThatThrownBy(() -> engine.enforce("identity:get_user", ctx("u", "p", Set.of()),
        Map.of("target.user.id", "other")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("identity:get_user")
        .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(403));
  }

  @Test
  void overridesFromAPolicyFileReplaceDefaults() throws Exception {
    Path f = Files.createTempFile("policy", ".yaml");
    Files.writeString(f, "# operators may open user reads to everyone\n\"identity:get_user\": \"@\"\n");
    engine.loadOverrides(f);
    assertThat(engine.allowed("identity:get_user", ctx("u", "p", Set.of()), Map.of())).isTrue();
  }

  @Test
  void invalidRulesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new PolicyEngine(Map.of("bad", "role:admin or (")))
        .hasMessageContaining("bad");
  }

  @Test
  void fieldChecksTestTheTargetsAttributes() {
    PolicyEngine e = new PolicyEngine(Map.of(
        "shared", "field:networks:shared=True",
        "network_device", "field:port:device_owner=~^network:",
        "get_network", "rule:shared or project_id:%(project_id)s"));
    var bob = ctx("bob", "p2", Set.of("member"));
    assertThat(e.allowed("get_network", bob, Map.of("shared", true, "project_id", "p1"))).isTrue();
    assertThat(e.allowed("get_network", bob, Map.of("shared", false, "project_id", "p1"))).isFalse();
    assertThat(e.allowed("get_network", bob, Map.of("project_id", "p1"))).isFalse();
    assertThat(e.allowed("network_device", bob, Map.of("device_owner", "network:dhcp"))).isTrue();
    assertThat(e.allowed("network_device", bob, Map.of("device_owner", "compute:nova"))).isFalse();
    assertThat(e.defaults()).containsKeys("shared", "network_device", "get_network");
    assertThatThrownBy(() -> new PolicyEngine(Map.of("bad", "field:networks:shared")))
        .hasMessageContaining("field check");
  }
}
