package dev.altus.identity.api;

import dev.altus.common.db.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

/**
 * The identity flow on a real MariaDB server, in a database of its own (scripts/test-mariadb.sh
 * starts one; run-tests sets ALTUS_TEST_MARIADB_URL).
 */
class IdentityOnMariaDbTest extends IdentityOnDatabaseContract {
  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness(TestDatabases.mariaDb());
  }
}
