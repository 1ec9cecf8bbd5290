package dev.altus.common.db;

import java.nio.file.Path;

/**
 * Where the database is. The default is an embedded H2 file under the data dir, in PostgreSQL
 * compatibility mode; a {@code jdbc:postgresql:} URL selects a real PostgreSQL, a {@code
 * jdbc:mariadb:} URL MariaDB (see {@link MariaDbDialect}).
 *
 * @param url the JDBC URL
 * @param user the database user
 * @param password the database password
 * @param maxPoolSize connections in the pool
 */
public record DatabaseConfig(String url, String user, String password, int maxPoolSize) {
  public DatabaseConfig {
    if (url == null || !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "database.url must be a JDBC URL such as jdbc:postgresql://host/altus, not '" + url + "'");
    }
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("database.max_pool_size must be at least 1");
    }
  }

  /** The embedded default: an H2 file database under {@code dataDir}. */
  public static DatabaseConfig embedded(Path dataDir) {
    String file = dataDir.toAbsolutePath().resolve("altus").toString();
    return new DatabaseConfig(
        "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
        "altus", "", 16);
  }

  /** A private in-memory H2 database, for tests. */
  public static DatabaseConfig inMemory(String name) {
    return new DatabaseConfig(
        "jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "sa", "", 8);
  }

  /** MariaDB (or MySQL's URL scheme, which MariaDB's driver also takes). */
  public boolean isMariaDb() {
    return url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
  }

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }
}
