package dev.altus.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.altus.common.error.ApiException;
import dev.altus.identity.service.Ids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FernetTokenCodecTest {
  @Test
  void roundTripsEveryScopeKind() throws Exception {
    var keys = new FernetKeyRepository(Files.createTempDirectory("keys"), 3).initialize();
    var codec = new FernetTokenCodec(keys, Duration.ofHours(1));
    long now = System.currentTimeMillis();
    String user = Ids.newId();
    List<TokenPayload> payloads = List.of(
        new TokenPayload(user, List.of("password"), null, null, false, null, null, now, now + 3_600_000, List.of(Ids.auditId())),
        new TokenPayload(user, List.of("password"), Ids.newId(), null, false, null, null, now, now + 3_600_000, List.of(Ids.auditId())),
        new TokenPayload(user, List.of("token", "password"), null, "default", false, null, null, now, now + 3_600_000, List.of(Ids.auditId(), Ids.auditId())),
        new TokenPayload(user, List.of("password"), null, null, true, null, null, now, now + 3_600_000, List.of(Ids.auditId())),
        new TokenPayload(user, List.of("token"), Ids.newId(), null, false, Ids.newId(), null, now, now + 3_600_000, List.of(Ids.auditId())),
        new TokenPayload(user, List.of("application_credential"), Ids.newId(), null, false, null, Ids.newId(), now, now + 3_600_000, List.of(Ids.auditId())));
    for (TokenPayload p : payloads) {
      String token = codec.encode(p);
      assertThat(token).doesNotContain("=");
      TokenPayload back = codec.decode(token);
      assertThat(back.userId()).isEqualTo(p.userId());
      assertThat(back.projectId()).isEqualTo(p.projectId());
      assertThat(back.domainId()).isEqualTo(p.domainId());
      assertThat(back.system()).isEqualTo(p.system());
      assertThat(back.trustId()).isEqualTo(p.trustId());
      assertThat(back.appCredId()).isEqualTo(p.appCredId());
      assertThat(back.auditIds()).isEqualTo(p.auditIds());
      assertThat(back.methods()).containsExactlyInAnyOrderElementsOf(p.methods());
      assertThat(Math.abs(back.expiresAt() - p.expiresAt())).isLessThan(1000);
    }
  }

  @Test
  void rotationKeepsLiveTokensValidUntilTheirKeyIsDropped() throws Exception {
    Path dir = Files.createTempDirectory("keys");
    var keys = new FernetKeyRepository(dir, 3).initialize();
    var codec = new FernetTokenCodec(keys, Duration.ofHours(1));
    long now = System.currentTimeMillis();
    var p = new TokenPayload(Ids.newId(), List.of("password"), null, null, false, null, null, now,
        now + 3_600_000, List.of(Ids.auditId()));
    String before = codec.encode(p);
    keys.rotate();
    assertThat(codec.decode(before).userId()).isEqualTo(p.userId());
    assertThat(codec.decode(codec.encode(p)).userId()).isEqualTo(p.userId());
    keys.rotate();
    keys.rotate();
    // three rotations with at most 3 keys: the key that signed 'before' is gone
    assertThatThrownBy(() -> codec.decode(before)).isInstanceOf(ApiException.class);
  }

  @Test
  void garbageIsRefusedAs404() throws Exception {
    var keys = new FernetKeyRepository(Files.createTempDirectory("keys"), 3).initialize();
    var codec = new FernetTokenCodec(keys, Duration.ofHours(1));
    for (String bad : new String[] {"", "abc", "gAAAAAB" + "x".repeat(100)}) {
      assertThatThrownBy(() -> codec.decode(bad))
          .isInstanceOf(ApiException.class)
          .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(404));
    }
  }
}
