package dev.altus.network.api;

import dev.altus.common.db.TestDatabases;
import org.junit.jupiter.api.BeforeAll;

/** The networking service's SQL on PostgreSQL (run-tests sets ALTUS_TEST_POSTGRES_URL). */
class NetworkOnPostgresTest extends NetworkOnDatabaseContract {
  @BeforeAll
  static void start() throws Exception {
    open(TestDatabases.postgres());
  }
}
