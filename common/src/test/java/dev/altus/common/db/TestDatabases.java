package dev.altus.common.db;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.DriverManager;
import java.util.UUID;

/**
 * The external databases of the tests. scripts/test-mariadb.sh starts a MariaDB and prints its
 * URL, which run-tests puts in ALTUS_TEST_MARIADB_URL; without it the MariaDB tests are skipped
 * with that hint, except in CI (CI=true), where they must run.
 */
public final class TestDatabases {
  private TestDatabases() {}

  /**
   * A new, empty PostgreSQL schema of its own, for one test class (scripts/test-postgres.sh prints
   * the URL, run-tests puts it in ALTUS_TEST_POSTGRES_URL); skipped without it.
   */
  public static DatabaseConfig postgres() throws Exception {
    String url = System.getenv("ALTUS_TEST_POSTGRES_URL");
    assumeTrue(url != null && !url.isEmpty(),
        "set ALTUS_TEST_POSTGRES_URL (scripts/test-postgres.sh start prints one) to run on PostgreSQL");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (var c = DriverManager.getConnection(url, "altus", "altus")) {
      c.createStatement().execute("CREATE SCHEMA " + schema);
    }
    return new DatabaseConfig(url + "?currentSchema=" + schema, "altus", "altus", 8);
  }

  /**
   * The URL in {@code variable}, which {@code script} prints; without it the calling test is
   * skipped with that hint, except in CI (CI=true), where it fails: CI must run it.
   */
  public static String required(String variable, String script, String what) {
    String url = System.getenv(variable);
    if (url == null || url.isBlank()) {
      String hint = "set " + variable + " (" + script + " start prints one) to run " + what;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI must run the tests on " + what + ": " + hint);
      }
      assumeTrue(false, hint);
    }
    return url;
  }

  /** A new, empty MariaDB database of its own (altus_*), for one test class. */
  public static DatabaseConfig mariaDb() throws Exception {
    String url = required("ALTUS_TEST_MARIADB_URL", "scripts/test-mariadb.sh", "MariaDB");
    String name = "altus_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (var c = DriverManager.getConnection(url, "altus", "altus")) {
      c.createStatement().execute("CREATE DATABASE " + name
          + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }
    return new DatabaseConfig(url.substring(0, url.lastIndexOf('/') + 1) + name, "altus", "altus",
        8);
  }
}
