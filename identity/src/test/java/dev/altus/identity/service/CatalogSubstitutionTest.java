package dev.altus.identity.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CatalogSubstitutionTest {
  @Test
  void projectPlaceholdersTakeTheTokensProject() {
    assertThat(TokenRenderer.substitute("http://h:8776/v3/$(project_id)s", "p1"))
        .isEqualTo("http://h:8776/v3/p1");
    assertThat(TokenRenderer.substitute("http://h:8776/v2/$(tenant_id)s", "p1"))
        .isEqualTo("http://h:8776/v2/p1");
    assertThat(TokenRenderer.substitute("http://h:9292", null)).isEqualTo("http://h:9292");
  }

  @Test
  void anEndpointNeedingWhatTheTokenHasNotIsLeftOut() {
    assertThat(TokenRenderer.substitute("http://h:8776/v3/$(project_id)s", null)).isNull();
    assertThat(TokenRenderer.substitute("http://h/$(user_id)s", "p1")).isNull();
  }
}
