package dev.altus.compute.store;

import dev.altus.common.db.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

/** The key pair and server group tables on MariaDB (run-tests sets ALTUS_TEST_MARIADB_URL). */
class KeysAndGroupsOnMariaDbTest extends KeysAndGroupsOnDatabaseContract {
  @BeforeAll
  static void start() throws Exception {
    open(TestDatabases.mariaDb());
  }
}
