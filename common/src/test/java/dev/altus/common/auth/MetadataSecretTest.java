package dev.altus.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared secret: made once per data directory, readable by its owner alone; signatures. */
class MetadataSecretTest {
  @TempDir
  Path dir;

  @Test
  void madeAtFirstStartKeptAfterAndAConfiguredOneWins() throws Exception {
    String made = MetadataSecret.resolve(dir, null);
    Path file = dir.resolve(MetadataSecret.FILE);
    assertThat(made).matches("[0-9a-f]{64}");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(MetadataSecret.resolve(dir, null)).isEqualTo(made);
    assertThat(MetadataSecret.resolve(dir, "from-config")).isEqualTo("from-config");
    Files.writeString(file, "\n");
    assertThatThrownBy(() -> MetadataSecret.resolve(dir, null)).hasMessageContaining("is empty");
  }

  @Test
  void signaturesAreHexHmacSha256OfTheInstanceId() {
    MetadataSecret s = new MetadataSecret("key");
    // RFC 4231-style check against a value computed independently (openssl dgst -sha256 -hmac key)
    assertThat(s.sign("The quick brown fox jumps over the lazy dog"))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    assertThat(s.verify("id-1", s.sign("id-1"))).isTrue();
    assertThat(s.verify("id-1", s.sign("id-1").toUpperCase())).isTrue();
    assertThat(s.verify("id-2", s.sign("id-1"))).isFalse();
    assertThat(s.verify("id-1", "")).isFalse();
    assertThat(s.verify("id-1", s.sign("id-1").substring(1))).isFalse();
    assertThat(new MetadataSecret("other").verify("id-1", s.sign("id-1"))).isFalse();
  }
}
