package dev.altus.compute.store;

import dev.altus.common.db.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

/** The servers tables on MariaDB (run-tests sets ALTUS_TEST_MARIADB_URL). */
class ServersOnMariaDbTest extends ServersOnDatabaseContract {
  @BeforeAll
  static void start() throws Exception {
    open(TestDatabases.mariaDb());
  }
}
