package dev.altus.server.doctor;

import dev.altus.common.db.Database;
import java.util.List;

/** The database answers a query, and how fast. */
final class DatabaseCheck implements DoctorCheck {
  private final Database db;
  private final String url;

  /** {@code url} is shown with any password masked. */
  DatabaseCheck(Database db, String url) {
    this.db = db;
    this.url = url.replaceAll("password=[^;&]*", "password=***");
  }

  @Override
  public String name() {
    return "database";
  }

  @Override
  public List<Finding> run() {
    long t0 = System.nanoTime();
    try {
      db.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    } catch (RuntimeException e) {
      return List.of(Finding.fail(name(), url + " does not answer: " + e.getMessage(),
          "start the database server or fix database.url / database.user / database.password"
              + " in altus.conf, then restart the cloud"));
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return List.of(ms > 1000
        ? Finding.warn(name(), url + " answered in " + ms + " ms",
            "the database is slow: look at its load and at the disk under it")
        : Finding.ok(name(), url + " answered in " + ms + " ms"));
  }
}
