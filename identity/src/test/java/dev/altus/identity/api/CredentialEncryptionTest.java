package dev.altus.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.identity.store.CredentialCipher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CredentialEncryptionTest {
  static IdentityApiHarness api;
  static Fixtures fx;

  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness();
    fx = new Fixtures(api);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String[] row(String id) {
    return api.db().jdbi().withHandle(h -> h.createQuery(
            "SELECT blob, key_hash FROM credential WHERE id = :id").bind("id", id)
        .map((rs, ctx) -> new String[] {rs.getString("blob"), rs.getString("key_hash")}).one());
  }

  private static String blobOf(String id) throws Exception {
    return fx.expect(200, "GET", "/v3/credentials/" + id, null).at("/credential/blob").asText();
  }

  @Test
  void blobsAreEncryptedAtRestAndReadBackInTheClear() throws Exception {
    JsonNode u = fx.user("pw", null);
    String id = fx.expect(201, "POST", "/v3/credentials", "{\"credential\": {\"type\": \"totp\","
        + " \"user_id\": \"" + u.get("id").asText() + "\", \"blob\": \"TOPSECRETSEED42\"}}")
        .at("/credential/id").asText();
    String[] stored = row(id);
    assertThat(stored[0]).doesNotContain("TOPSECRETSEED42").startsWith("gAAAAA");
    assertThat(stored[1]).isEqualTo(CredentialCipher.hashOf(api.identity.credentialKeys.primary()));
    assertThat(blobOf(id)).isEqualTo("TOPSECRETSEED42");
    fx.expect(200, "PATCH", "/v3/credentials/" + id,
        "{\"credential\": {\"blob\": \"NEWSEED\"}}");
    assertThat(row(id)[0]).doesNotContain("NEWSEED");
    assertThat(blobOf(id)).isEqualTo("NEWSEED");
  }

  @Test
  void plainRowsAreEncryptedAndRotationsReencryptWithTheNewKey() throws Exception {
    String user = fx.user("pw", null).get("id").asText();
    String id = "legacy-" + Fixtures.unique("c");
    api.db().jdbi().useHandle(h -> h.createUpdate("INSERT INTO credential (id, user_id, type,"
            + " blob, extra) VALUES (:id, :u, 'cert', 'PLAIN-FROM-BEFORE', '{}')")
        .bind("id", id).bind("u", user).execute());
    assertThat(blobOf(id)).isEqualTo("PLAIN-FROM-BEFORE");
    assertThat(api.identity.encryptCredentials()).isGreaterThanOrEqualTo(1);
    assertThat(row(id)[0]).doesNotContain("PLAIN");
    for (int i = 0; i < 4; i++) {
      String before = row(id)[1];
      api.identity.credentialKeys.rotate();
      // readable at once: the new primary was the staged key, which decrypts too
      assertThat(blobOf(id)).isEqualTo("PLAIN-FROM-BEFORE");
      api.identity.encryptCredentials();
      assertThat(row(id)[1]).isNotEqualTo(before)
          .isEqualTo(CredentialCipher.hashOf(api.identity.credentialKeys.primary()));
      assertThat(blobOf(id)).isEqualTo("PLAIN-FROM-BEFORE");
    }
  }
}
