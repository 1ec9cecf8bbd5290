package dev.altus.network.api;

import dev.altus.common.db.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

/** The networking service's SQL on MariaDB (run-tests sets ALTUS_TEST_MARIADB_URL). */
class NetworkOnMariaDbTest extends NetworkOnDatabaseContract {
  @BeforeAll
  static void start() throws Exception {
    open(TestDatabases.mariaDb());
  }
}
