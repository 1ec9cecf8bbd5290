package dev.altus.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouterTest {
  final Handler a = req -> ApiResponse.noContent();
  final Handler b = req -> ApiResponse.empty(202);

  @Test
  void literalSegmentsWinOverParameters() {
    Router r = new Router().get("/v3/users/{id}", a).get("/v3/users/me", b);
    assertThat(r.lookup("GET", "/v3/users/me").match().handler()).isSameAs(b);
    var m = r.lookup("GET", "/v3/users/abc/").match();
    assertThat(m.handler()).isSameAs(a);
    assertThat(m.params()).containsEntry("id", "abc");
  }

  @Test
  void wrongMethodReportsAllowedMethods() {
    Router r = new Router().get("/v3/x", a).post("/v3/x", b);
    var l = r.lookup("DELETE", "/v3/x");
    assertThat(l.match()).isNull();
    assertThat(l.allowedMethods()).contains("GET", "POST");
    assertThat(r.lookup("GET", "/v3/y").allowedMethods()).isEmpty();
  }

  @Test
  void repeatedSlashesAreOneWhenNothingElseMatches() {
    Router r = new Router().head("/v3/projects/{p}/users/{u}/roles/{r}", a).get("/v3/users/{id}", b);
    var m = r.lookup("HEAD", "/v3//projects/p1/users/u1/roles/r1").match();
    assertThat(m.handler()).isSameAs(a);
    assertThat(m.params()).containsEntry("p", "p1").containsEntry("r", "r1");
    // an empty id is still no id
    assertThat(r.lookup("GET", "/v3/users//").match()).isNull();
    assertThat(r.lookup("GET", "/v3/users//x").match().params()).containsEntry("id", "x");
  }

  @Test
  void percentEncodedSegmentsAreDecoded() {
    Router r = new Router().get("/v3/projects/{id}/tags/{tag}", a);
    assertThat(r.lookup("GET", "/v3/projects/p/tags/a%20b").match().params()).containsEntry("tag", "a b");
  }

  @Test
  void aFormatSuffixIsAcceptedOnlyWhenAsked() {
    Router plain = new Router().get("/v2.0/networks/{id}", a);
    assertThat(plain.lookup("GET", "/v2.0/networks/n1.json").match().params()).containsEntry("id", "n1.json");
    Router r = new Router().formatSuffix(".json").get("/v2.0/networks/{id}", a).get("/v2.0/networks", b);
    assertThat(r.lookup("GET", "/v2.0/networks/n1.json").match().params()).containsEntry("id", "n1");
    assertThat(r.lookup("GET", "/v2.0/networks.json").match().handler()).isSameAs(b);
    assertThat(r.lookup("GET", "/v2.0/networks/n1").match().params()).containsEntry("id", "n1");
  }
}
