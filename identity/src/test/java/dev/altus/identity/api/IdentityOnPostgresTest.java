package dev.altus.identity.api;

import dev.altus.common.db.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

/**
 * The identity flow on a real PostgreSQL server, in a schema of its own. The README's test command
 * starts one (scripts/test-postgres.sh) and sets ALTUS_TEST_POSTGRES_URL; without it the test is
 * skipped with that hint.
 */
class IdentityOnPostgresTest extends IdentityOnDatabaseContract {
  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness(TestDatabases.postgres());
  }
}
