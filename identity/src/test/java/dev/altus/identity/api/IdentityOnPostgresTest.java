package dev.altus.identity.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.altus.common.db.DatabaseConfig;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/**
 * The identity flow on a real PostgreSQL server, in a schema of its own. The README's test command
 * starts one (scripts/test-postgres.sh) and sets ALTUS_TEST_POSTGRES_URL; without it the test is
 * skipped with that hint.
 */
class IdentityOnPostgresTest extends IdentityOnDatabaseContract {
  @BeforeAll
  static void start() throws Exception {
    String url = System.getenv("ALTUS_TEST_POSTGRES_URL");
    assumeTrue(url != null && !url.isEmpty(),
        "set ALTUS_TEST_POSTGRES_URL (scripts/test-postgres.sh start prints one) to run on PostgreSQL");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (var c = DriverManager.getConnection(url, "altus", "altus")) {
      c.createStatement().execute("CREATE SCHEMA " + schema);
    }
    api = new IdentityApiHarness(new DatabaseConfig(url + "?currentSchema=" + schema, "altus", "altus", 4));
  }
}
