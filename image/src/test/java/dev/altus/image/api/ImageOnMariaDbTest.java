package dev.altus.image.api;

import dev.altus.common.db.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

/** The image service's SQL on MariaDB (run-tests sets ALTUS_TEST_MARIADB_URL). */
class ImageOnMariaDbTest extends ImageOnDatabaseContract {
  @BeforeAll
  static void start() throws Exception {
    open(TestDatabases.mariaDb());
  }
}
