package dev.altus.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.openstack.OSFactory;

/**
 * The running cloud the suite talks to: its data dir (system property {@code altus.data}, as
 * {@code ./run-tests} passes it) holds the openrc files with the admin's and demo's passwords.
 */
final class Cloud {
  private Cloud() {}

  /** The data dir, or the test is skipped when the suite runs without a cloud. */
  static Path dataDir() {
    String d = System.getProperty("altus.data", "");
    assumeTrue(!d.isBlank() && !d.startsWith("${"),
        "no cloud given: run with -Daltus.data=DATA_DIR of a running cloud (./run-tests does)");
    return Path.of(d);
  }

  /** The variables an openrc file exports ({@code admin} or {@code demo}). */
  static Map<String, String> openrc(String who) {
    Map<String, String> env = new HashMap<>();
    try {
      for (String line : Files.readAllLines(dataDir().resolve(who + "-openrc.sh"))) {
        if (line.startsWith("export ")) {
          String[] kv = line.substring(7).split("=", 2);
          env.put(kv[0], kv[1].replaceAll("^'|'$", ""));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + who + "-openrc.sh: " + e.getMessage(), e);
    }
    return env;
  }

  /** An openstack4j client authenticated as {@code who} (admin or demo), scoped to their project. */
  static OSClientV3 as(String who) {
    Map<String, String> env = openrc(who);
    Identifier domain = Identifier.byName(env.get("OS_USER_DOMAIN_NAME"));
    return OSFactory.builderV3()
        .endpoint(v3(env.get("OS_AUTH_URL")))
        .credentials(env.get("OS_USERNAME"), env.get("OS_PASSWORD"), domain)
        .scopeToProject(Identifier.byName(env.get("OS_PROJECT_NAME")), domain)
        .authenticate();
  }

  private static String v3(String authUrl) {
    String u = authUrl.replaceAll("/+$", "");
    return u.endsWith("/v3") ? u : u + "/v3";
  }
}
