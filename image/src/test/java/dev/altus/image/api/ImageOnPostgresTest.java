package dev.altus.image.api;

import dev.altus.common.db.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

/** The image service's SQL on PostgreSQL (run-tests sets ALTUS_TEST_POSTGRES_URL). */
class ImageOnPostgresTest extends ImageOnDatabaseContract {
  @BeforeAll
  static void start() throws Exception {
    open(TestDatabases.postgres());
  }
}
