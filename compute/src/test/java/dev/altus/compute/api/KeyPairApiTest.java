package dev.altus.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /os-keypairs through real HTTP: generate, import, per-user isolation, microversions, bad input. */
class KeyPairApiTest {
  /** Tempest's import key; ssh-keygen -l -E md5 gives the fingerprint below. */
  static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCsNe3/1ILNCqFyfYWDeTKLD6jEXC2"
      + "OQHLmietMWW+/vdaZq7KZEwO0jhglaFjU1mpqq4Gz5RX156sCTNM9vRbwKAxfsdF9laBYVsex3m3Wmui3uYrKyu"
      + "msoJn2g9GNnG1PI1mrVjZ61i0GY3khna+wzlTpCCmy5HNlrmbj3XLqBUpipTOXmsnr4sChzC53KCd8LXuwc1i/C"
      + "ZPvF+3XipvAgFSE53pCtLOeB1kYMOBaiUPLQTWXR3JpckqFIQwhIH0zoHlJvZE8hh90XcPojYN56tI0OlrGqojb"
      + "ediJYD0rUsJu4weZpbn8vilb3JuDY+jwssnSA8wzBx3A/8y9Pp1B nova@ubuntu";
  static final String RSA_MD5 = "61:5f:fe:c7:e0:fd:d7:4a:2b:52:6e:a6:f5:bf:da:27";
  static final String ECDSA = "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzO"
      + "DQAAABhBPjHq63YHm/8ymejnVW1IQXLw+2ZSbVVvpAnMzKk1dq7rr0bOFMMt8MPo6NOGqk9+ig1v7DE430ZdVD8"
      + "1PpzTf7I6EbLEE7ScUZzU5iavPbteT3eyenps6nxeyMBLy7/bQ== ec@test";
  static final String ECDSA_MD5 = "80:79:94:98:cb:2f:1f:37:2d:f9:92:42:4d:99:7d:73";
  static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINMcHBRhKIsHfC2r9AGNEYWnYMo"
      + "7nnoHilXbgNl/hkDv ed@test";
  static final String ED25519_MD5 = "38:58:d8:37:4d:4d:21:fe:72:89:ed:b2:5c:4a:06:00";

  static KeysAndGroupsHarness api;
  static String admin;
  static String demo;
  static String demoUser;

  @BeforeAll
  static void start() throws Exception {
    api = new KeysAndGroupsHarness();
    admin = api.adminToken();
    demo = api.demoToken();
    demoUser = api.userOf(demo);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static KeysAndGroupsHarness.Response create(String token, String version, String body)
      throws Exception {
    return api.call("POST", "/v2.1/os-keypairs", body, token, version);
  }

  private static String keypair(String name, String publicKey) {
    return "{\"keypair\": {\"name\": \"" + name + "\"" + (publicKey == null ? ""
        : ", \"public_key\": \"" + publicKey + "\"") + "}}";
  }

  @Test
  void generatedAt21TheKeyPairComesWithItsPrivateKeyOnce() throws Exception {
    var r = create(demo, null, keypair("gen-21", null));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    JsonNode kp = r.body().get("keypair");
    assertThat(kp.get("private_key").asText()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(kp.get("public_key").asText()).startsWith("ssh-rsa AAAAB3NzaC1yc2E");
    assertThat(kp.get("fingerprint").asText()).matches("([0-9a-f]{2}:){15}[0-9a-f]{2}");
    assertThat(kp.get("user_id").asText()).isEqualTo(demoUser);
    assertThat(kp.has("type")).as("type is 2.2").isFalse();

    var show = api.call("GET", "/v2.1/os-keypairs/gen-21", null, demo);
    assertThat(show.status()).isEqualTo(200);
    JsonNode s = show.body().get("keypair");
    assertThat(s.get("public_key").asText()).isEqualTo(kp.get("public_key").asText());
    assertThat(s.get("fingerprint").asText()).isEqualTo(kp.get("fingerprint").asText());
    assertThat(s.get("id").isIntegralNumber()).isTrue();
    assertThat(s.get("deleted").asBoolean()).isFalse();
    assertThat(s.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
    assertThat(s.get("updated_at").isNull()).isTrue();
    assertThat(s.get("deleted_at").isNull()).isTrue();
    assertThat(s.has("private_key")).isFalse();

    var list = api.call("GET", "/v2.1/os-keypairs", null, demo);
    assertThat(list.body().get("keypairs").findValues("name").stream().map(JsonNode::asText))
        .contains("gen-21");
    var del = api.call("DELETE", "/v2.1/os-keypairs/gen-21", null, demo);
    assertThat(del.status()).isEqualTo(202);
    var gone = api.call("GET", "/v2.1/os-keypairs/gen-21", null, demo);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.body().at("/itemNotFound/message").asText())
        .isEqualTo("Keypair gen-21 not found for user " + demoUser);
  }

  @Test
  void theGeneratedPrivateKeyIsOneSshReads(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "ssh-keygen is installed");
    var r = create(demo, "2.2", keypair("gen-ssh", null));
    assertThat(r.status()).isEqualTo(201);
    Path key = dir.resolve("id_rsa");
    Files.writeString(key, r.body().at("/keypair/private_key").asText());
    Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions
        .fromString("rw-------"));
    Process p = new ProcessBuilder("/usr/bin/ssh-keygen", "-y", "-f", key.toString())
        .redirectErrorStream(true).start();
    String derived = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).as(derived).isZero();
    String stored = r.body().at("/keypair/public_key").asText();
    assertThat(stored).startsWith(derived.split(" ")[0] + " " + derived.split(" ")[1]);
    api.call("DELETE", "/v2.1/os-keypairs/gen-ssh", null, demo, "2.2");
  }

  @Test
  void importedKeysOfEachKindHaveSshKeygensFingerprint() throws Exception {
    String[][] cases = {{"imp-rsa", RSA, RSA_MD5}, {"imp-ecdsa", ECDSA, ECDSA_MD5},
        {"imp-ed", ED25519, ED25519_MD5}};
    for (String[] c : cases) {
      var r = create(demo, "2.2", keypair(c[0], c[1]));
      assertThat(r.status()).as(r.raw()).isEqualTo(201);
      assertThat(r.body().at("/keypair/fingerprint").asText()).isEqualTo(c[2]);
      assertThat(r.body().at("/keypair/type").asText()).isEqualTo("ssh");
      assertThat(r.body().at("/keypair/public_key").asText()).isEqualTo(c[1]);
      assertThat(r.body().at("/keypair").has("private_key")).isFalse();
      assertThat(api.compute.keyPairs.find(demoUser, c[0])).hasValueSatisfying(k ->
          assertThat(k.fingerprint()).isEqualTo(c[2]));
      var list = api.call("GET", "/v2.1/os-keypairs", null, demo, "2.2");
      JsonNode item = null;
      for (JsonNode k : list.body().get("keypairs")) {
        if (k.at("/keypair/name").asText().equals(c[0])) {
          item = k.get("keypair");
        }
      }
      assertThat(item).isNotNull();
      assertThat(item.get("type").asText()).isEqualTo("ssh");
      assertThat(item.get("fingerprint").asText()).isEqualTo(c[2]);
      assertThat(api.call("DELETE", "/v2.1/os-keypairs/" + c[0], null, demo, "2.2").status())
          .isEqualTo(204);
    }
  }

  @Test
  void x509KeyPairsAreSelfSignedCertificatesFingerprintedBySha1() throws Exception {
    var r = create(demo, "2.2", "{\"keypair\": {\"name\": \"cert-1\", \"type\": \"x509\"}}");
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    JsonNode kp = r.body().get("keypair");
    assertThat(kp.get("type").asText()).isEqualTo("x509");
    assertThat(kp.get("private_key").asText()).contains("PRIVATE KEY");
    String pem = kp.get("public_key").asText();
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    cert.verify(cert.getPublicKey());
    cert.checkValidity();
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + demoUser);
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(cert.getEncoded());
    StringBuilder hex = new StringBuilder();
    for (byte b : sha1) {
      hex.append(hex.length() > 0 ? ":" : "").append(String.format("%02x", b));
    }
    assertThat(kp.get("fingerprint").asText()).isEqualTo(hex.toString());

    // the same certificate imports under another name, with the same fingerprint
    var imported = create(demo, "2.2", "{\"keypair\": {\"name\": \"cert-2\", \"type\": \"x509\","
        + " \"public_key\": " + com.fasterxml.jackson.databind.node.TextNode.valueOf(pem) + "}}");
    assertThat(imported.status()).as(imported.raw()).isEqualTo(201);
    assertThat(imported.body().at("/keypair/fingerprint").asText()).isEqualTo(hex.toString());
    var bad = create(demo, "2.2", "{\"keypair\": {\"name\": \"cert-3\", \"type\": \"x509\","
        + " \"public_key\": \"" + RSA + "\"}}");
    assertThat(bad.status()).isEqualTo(400);
    var show = api.call("GET", "/v2.1/os-keypairs/cert-1", null, demo, "2.2");
    assertThat(show.body().at("/keypair/type").asText()).isEqualTo("x509");
    api.call("DELETE", "/v2.1/os-keypairs/cert-1", null, demo, "2.2");
    api.call("DELETE", "/v2.1/os-keypairs/cert-2", null, demo, "2.2");
  }

  @Test
  void badKeysNamesAndBodiesAre400AndNothingIsKept() throws Exception {
    String tampered = ECDSA.replace("bQ==", "bA==");
    String[] bodies = {
        keypair("bad-1", "ssh-rsa JUNK nova@ubuntu"),
        keypair("bad-2", " "),
        keypair("bad-3", "ssh-rsa " + "A".repeat(2048) + " openstack@ubuntu"),
        keypair("bad-4", tampered),
        keypair("bad-5", "ssh-dss " + RSA.split(" ")[1]),
        keypair("", null),
        keypair("keypair-" + "0".repeat(252), null),
        keypair("key_/.\\\\@:", null),
        keypair(" lead", null),
        keypair("trail ", null),
        "{\"keypair\": {\"name\": \"bad-6\", \"foo\": 1}}",
        "{\"keypair\": {\"name\": \"bad-7\", \"type\": \"ssh\"}}",
        "{\"keypair\": {\"name\": \"bad-8\", \"public_key\": null}}",
        "{\"keypair\": {\"name\": 42}}",
        "{\"keypair\": \"bad-9\"}",
        "{\"keypairs\": {\"name\": \"bad-10\"}}",
        "{\"keypair\": {\"name\": \"bad-11\"}, \"extra\": true}",
        "[1, 2]",
        "{not json",
    };
    for (String b : bodies) {
      var r = create(demo, null, b);
      assertThat(r.status()).as(b + " -> " + r.raw()).isEqualTo(400);
      assertThat(r.body().at("/badRequest/code").asInt()).isEqualTo(400);
    }
    var noType = create(demo, "2.2", "{\"keypair\": {\"name\": \"bad-12\", \"type\": \"dsa\"}}");
    assertThat(noType.status()).isEqualTo(400);
    var userBefore210 = create(admin, "2.9", "{\"keypair\": {\"name\": \"bad-13\", \"user_id\":"
        + " \"" + demoUser + "\"}}");
    assertThat(userBefore210.status()).isEqualTo(400);
    var list = api.call("GET", "/v2.1/os-keypairs", null, demo);
    assertThat(list.body().get("keypairs").findValues("name").stream().map(JsonNode::asText))
        .noneMatch(n -> n.startsWith("bad-"));
  }

  @Test
  void aTakenNameIsAConflict() throws Exception {
    assertThat(create(demo, null, keypair("twice", RSA)).status()).isEqualTo(200);
    var again = create(demo, null, keypair("twice", ED25519));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().at("/conflictingRequest/message").asText())
        .isEqualTo("Key pair 'twice' already exists.");
    assertThat(api.call("GET", "/v2.1/os-keypairs/twice", null, demo).body()
        .at("/keypair/public_key").asText()).isEqualTo(RSA);
    api.call("DELETE", "/v2.1/os-keypairs/twice", null, demo);
  }

  @Test
  void version292OnlyImportsAndAllowsAtAndDotInNames() throws Exception {
    var gen = create(demo, "2.92", keypair("gen-292", null));
    assertThat(gen.status()).isEqualTo(400);
    assertThat(gen.body().at("/badRequest/message").asText()).contains("public_key");
    var dotted = create(demo, "2.91", keypair("me@host.example", RSA));
    assertThat(dotted.status()).isEqualTo(400);
    var ok = create(demo, "2.92", keypair("me@host.example", RSA));
    assertThat(ok.status()).as(ok.raw()).isEqualTo(201);
    assertThat(ok.body().at("/keypair").has("private_key")).isFalse();
    var show = api.call("GET", "/v2.1/os-keypairs/me@host.example", null, demo, "2.92");
    assertThat(show.status()).isEqualTo(200);
    assertThat(api.call("DELETE", "/v2.1/os-keypairs/me@host.example", null, demo, "2.92")
        .status()).isEqualTo(204);
  }

  @Test
  void eachUserSeesOnlyTheirOwnKeyPairsAndAdminsCanActForOthers() throws Exception {
    String other = api.memberOf("demo", "kp-other");
    String otherUser = api.userOf(other);
    assertThat(create(demo, null, keypair("mine", RSA)).status()).isEqualTo(200);
    assertThat(create(other, null, keypair("mine", ED25519)).status())
        .as("names are per user").isEqualTo(200);
    assertThat(api.call("GET", "/v2.1/os-keypairs/mine", null, other).body()
        .at("/keypair/public_key").asText()).isEqualTo(ED25519);
    assertThat(api.call("GET", "/v2.1/os-keypairs/mine", null, demo).body()
        .at("/keypair/public_key").asText()).isEqualTo(RSA);

    // a member cannot reach another user's key pairs
    var peek = api.call("GET", "/v2.1/os-keypairs?user_id=" + demoUser, null, other, "2.10");
    assertThat(peek.status()).isEqualTo(403);
    assertThat(peek.body().at("/forbidden/message").asText())
        .contains("os_compute_api:os-keypairs:index");
    assertThat(api.call("GET", "/v2.1/os-keypairs/mine?user_id=" + demoUser, null, other, "2.10")
        .status()).isEqualTo(403);
    assertThat(api.call("DELETE", "/v2.1/os-keypairs/mine?user_id=" + demoUser, null, other,
        "2.10").status()).isEqualTo(403);
    assertThat(create(other, "2.10", "{\"keypair\": {\"name\": \"planted\", \"public_key\": \""
        + RSA + "\", \"user_id\": \"" + demoUser + "\"}}").status()).isEqualTo(403);
    // before 2.10 the parameter means nothing: the caller's own pairs
    var old = api.call("GET", "/v2.1/os-keypairs/mine?user_id=" + demoUser, null, other, "2.9");
    assertThat(old.body().at("/keypair/public_key").asText()).isEqualTo(ED25519);

    // an admin lists, creates, shows and deletes for another user
    var list = api.call("GET", "/v2.1/os-keypairs?user_id=" + otherUser, null, admin, "2.10");
    assertThat(list.body().get("keypairs")).hasSize(1);
    var forOther = create(admin, "2.10", "{\"keypair\": {\"name\": \"given\", \"public_key\": \""
        + ECDSA + "\", \"user_id\": \"" + otherUser + "\"}}");
    assertThat(forOther.status()).isEqualTo(201);
    assertThat(forOther.body().at("/keypair/user_id").asText()).isEqualTo(otherUser);
    assertThat(api.call("GET", "/v2.1/os-keypairs/given", null, other).status()).isEqualTo(200);
    assertThat(api.call("GET", "/v2.1/os-keypairs/given", null, admin).status()).isEqualTo(404);
    assertThat(api.call("DELETE", "/v2.1/os-keypairs/given?user_id=" + otherUser, null, admin,
        "2.10").status()).isEqualTo(204);
    assertThat(api.call("GET", "/v2.1/os-keypairs/given", null, other).status()).isEqualTo(404);
    api.call("DELETE", "/v2.1/os-keypairs/mine", null, demo);
    api.call("DELETE", "/v2.1/os-keypairs/mine", null, other);
  }

  @Test
  void listsPageByNameFrom235() throws Exception {
    String pager = api.memberOf("demo", "kp-pager");
    for (String n : new String[] {"k3", "k1", "k5", "k2", "k4"}) {
      assertThat(create(pager, null, keypair(n, ED25519)).status()).isEqualTo(200);
    }
    var first = api.call("GET", "/v2.1/os-keypairs?limit=2", null, pager, "2.35");
    assertThat(first.body().get("keypairs").findValues("name").stream().map(JsonNode::asText))
        .containsExactly("k1", "k2");
    String next = first.body().at("/keypairs_links/0/href").asText();
    assertThat(first.body().at("/keypairs_links/0/rel").asText()).isEqualTo("next");
    assertThat(next).isEqualTo("http://127.0.0.1:8774/v2.1/os-keypairs?limit=2&marker=k2");
    var second = api.call("GET", next.substring(next.indexOf("/v2.1")), null, pager, "2.35");
    assertThat(second.body().get("keypairs").findValues("name").stream().map(JsonNode::asText))
        .containsExactly("k3", "k4");
    var last = api.call("GET", "/v2.1/os-keypairs?limit=2&marker=k4", null, pager, "2.35");
    assertThat(last.body().get("keypairs").findValues("name").stream().map(JsonNode::asText))
        .containsExactly("k5");
    assertThat(last.body().has("keypairs_links")).isFalse();
    assertThat(api.call("GET", "/v2.1/os-keypairs?marker=nope", null, pager, "2.35").status())
        .isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/os-keypairs?limit=-1", null, pager, "2.35").status())
        .isEqualTo(400);
    assertThat(api.call("GET", "/v2.1/os-keypairs?limit=x", null, pager, "2.35").status())
        .isEqualTo(400);
    var before = api.call("GET", "/v2.1/os-keypairs?limit=2", null, pager, "2.34");
    assertThat(before.body().get("keypairs")).as("no paging before 2.35").hasSize(5);
  }

  @Test
  void unknownQueryParametersAreRefusedFrom275() throws Exception {
    assertThat(api.call("GET", "/v2.1/os-keypairs?colour=red", null, demo, "2.74").status())
        .isEqualTo(200);
    var r = api.call("GET", "/v2.1/os-keypairs?colour=red", null, demo, "2.75");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().at("/badRequest/message").asText()).contains("colour");
    assertThat(api.call("GET", "/v2.1/os-keypairs/x?colour=red", null, demo, "2.75").status())
        .isEqualTo(400);
  }

  @Test
  void theKeyPairQuotaIsPerUser() throws Exception {
    String hoarder = api.memberOf("demo", "kp-hoarder");
    for (int i = 0; i < 100; i++) {
      var r = create(hoarder, null, keypair("q" + i, ED25519));
      assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }
    var over = create(hoarder, null, keypair("q100", ED25519));
    assertThat(over.status()).isEqualTo(403);
    assertThat(over.body().at("/forbidden/message").asText())
        .isEqualTo("Quota exceeded, too many key pairs.");
    assertThat(api.call("GET", "/v2.1/os-keypairs/q100", null, hoarder).status()).isEqualTo(404);
    assertThat(create(demo, null, keypair("not-hoarded", ED25519)).status())
        .as("another user has their own count").isEqualTo(200);
    api.call("DELETE", "/v2.1/os-keypairs/not-hoarded", null, demo);
  }

  @Test
  void withoutATokenIs401AndABadVersionIsRefused() throws Exception {
    var r = api.call("GET", "/v2.1/os-keypairs", null, null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(api.call("GET", "/v2.1/os-keypairs", null, demo, "2.200").status()).isEqualTo(406);
    var v = api.call("GET", "/v2.1/os-keypairs", null, demo, "2.35");
    assertThat(v.status()).isEqualTo(200);
  }
}
