package dev.altus.common.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The connection pool, JDBI and schema migrations. Each service keeps its migrations under {@code
 * db/<service>} on the classpath and its own history table, so services migrate independently.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final DatabaseConfig config;

  public Database(DatabaseConfig config) {
    this.config = config;
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.url());
    hc.setUsername(config.user());
    hc.setPassword(config.password());
    hc.setMaximumPoolSize(config.maxPoolSize());
    hc.setPoolName("altus-db");
    if (config.isMariaDb()) {
      hc.setConnectionInitSql(MariaDbDialect.SESSION);
      hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    }
    try {
      this.dataSource = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Cannot connect to the database at " + config.url() + ": " + e.getMessage()
              + ". Check database.url, user and password, and that the server is running.", e);
    }
    this.jdbi = Jdbi.create(config.isMariaDb() ? MariaDbDialect.translating(dataSource)
        : dataSource);
  }

  /** Applies every pending migration for the named services, in order. */
  public Database migrate(List<String> services) {
    for (String service : services) {
      Flyway.configure()
          .dataSource(config.isMariaDb() ? MariaDbDialect.translating(dataSource) : dataSource)
          .locations("classpath:db/" + service)
          .table("schema_history_" + service)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    }
    return this;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DatabaseConfig config() {
    return config;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
