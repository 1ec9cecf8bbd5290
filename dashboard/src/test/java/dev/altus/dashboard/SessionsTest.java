package dev.altus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sessions live as long as their token; ids are unguessable; only the named cookie counts. */
class SessionsTest {
  private final Instant now = Instant.parse("2026-12-07T12:00:00Z");

  private Session session(Instant expires) {
    return new Session(Sessions.randomId(), Sessions.randomId(), "token", expires,
        new Session.User("u", "demo", "default", "Default"), null, List.of(), Map.of());
  }

  @Test
  void anExpiredSessionIsForgotten() {
    Sessions sessions = new Sessions(Clock.fixed(now, ZoneOffset.UTC));
    Session live = session(now.plus(Duration.ofMinutes(5)));
    Session over = session(now);
    sessions.put(live);
    sessions.put(over);
    assertThat(sessions.find(live.id())).contains(live);
    assertThat(sessions.find(over.id())).isEmpty();
    assertThat(sessions.find(null)).isEmpty();
    assertThat(sessions.find("")).isEmpty();
    sessions.sweep();
    assertThat(sessions.size()).isEqualTo(1);
  }

  @Test
  void aReplacedOrRemovedSessionIsNotReplacedAgain() {
    Sessions sessions = new Sessions(Clock.fixed(now, ZoneOffset.UTC));
    Session s = session(now.plusSeconds(60));
    sessions.put(s);
    Session next = new Session(s.id(), s.csrf(), "token2", s.expiresAt(), s.user(), null,
        List.of(), Map.of());
    assertThat(sessions.replace(s, next)).isTrue();
    assertThat(sessions.replace(s, next)).isFalse();
    sessions.remove(s.id());
    assertThat(sessions.replace(next, s)).isFalse();
  }

  @Test
  void aSessionNeverPrintsItsSecrets() {
    Session s = session(now);
    assertThat(s.toString()).contains("demo").doesNotContain(s.id(), s.csrf(), "token");
  }

  @Test
  void idsAreLongAndDistinct() {
    String a = Sessions.randomId();
    assertThat(a).hasSize(43).isNotEqualTo(Sessions.randomId()).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void onlyTheSessionCookieIsRead() {
    assertThat(DashboardServer.sessionCookie("a=1; altus_dashboard_session=xyz; b=2"))
        .isEqualTo("xyz");
    assertThat(DashboardServer.sessionCookie("xaltus_dashboard_session=xyz")).isNull();
    assertThat(DashboardServer.sessionCookie("")).isNull();
  }

  @Test
  void assetsNeverLeaveTheirFolder() {
    StaticAssets assets = new StaticAssets(getClass().getClassLoader());
    assertThat(assets.find("/../dev/altus/dashboard/Session.class")).isEmpty();
    assertThat(assets.find("/assets/..%2f..%2fSession.class")).isEmpty();
    assertThat(assets.find("//etc/passwd")).isEmpty();
  }
}
