package dev.altus.compute.support;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * An H2 trigger that fails every write to its table the way a failing database does (an I/O error,
 * SQLSTATE 58030), for tests of what the API says when the database fails under a request.
 */
public final class FailingStorage implements Trigger {
  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    throw new SQLException("could not write block 1234 of the data file: Input/output error",
        "58030");
  }

  /** Makes every insert and update of {@code table} fail; undone with {@link #heal}. */
  public static void breakWrites(org.jdbi.v3.core.Jdbi jdbi, String table) {
    jdbi.useHandle(h -> {
      h.execute("CREATE TRIGGER fail_upd_" + table + " BEFORE UPDATE ON " + table
          + " FOR EACH ROW CALL '" + FailingStorage.class.getName() + "'");
      h.execute("CREATE TRIGGER fail_ins_" + table + " BEFORE INSERT ON " + table
          + " FOR EACH ROW CALL '" + FailingStorage.class.getName() + "'");
    });
  }

  public static void heal(org.jdbi.v3.core.Jdbi jdbi, String table) {
    jdbi.useHandle(h -> {
      h.execute("DROP TRIGGER fail_upd_" + table);
      h.execute("DROP TRIGGER fail_ins_" + table);
    });
  }
}
