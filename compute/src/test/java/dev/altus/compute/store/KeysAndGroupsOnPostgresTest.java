package dev.altus.compute.store;

import dev.altus.common.db.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The key pair and server group tables on an embedded PostgreSQL. */
class KeysAndGroupsOnPostgresTest extends KeysAndGroupsOnDatabaseContract {
  static EmbeddedPostgres pg;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.builder().start();
    open(new DatabaseConfig(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", 8));
  }

  @AfterAll
  static void stopServer() throws Exception {
    pg.close();
  }
}
