package dev.altus.dashboard;

import java.time.Duration;
import java.util.Objects;

/**
 * The dashboard's settings (docs/configuration.md, "dashboard.*").
 *
 * @param enabled whether the all-in-one cloud serves the dashboard
 * @param port where it listens (8000; 0 picks a free port)
 * @param identityUrl the identity service's public v3 URL the dashboard signs users in against
 * @param renewalWarning how long before a session's token expires the page offers to renew it
 */
public record DashboardConfig(boolean enabled, int port, String identityUrl, Duration renewalWarning) {
  public static final int PORT = 8000;

  public DashboardConfig {
    Objects.requireNonNull(identityUrl, "identityUrl");
    Objects.requireNonNull(renewalWarning, "renewalWarning");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("dashboard.port must be between 0 and 65535, not " + port);
    }
    identityUrl = identityUrl.replaceAll("/+$", "");
  }
}
