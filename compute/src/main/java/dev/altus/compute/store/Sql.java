package dev.altus.compute.store;

import java.sql.SQLException;

/** What the compute stores need to know about SQL failures. */
public final class Sql {
  private Sql() {}

  /** True when {@code e} comes from a unique, key or foreign key constraint (SQLSTATE 23). */
  public static boolean isConstraintViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null
          && s.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }
}
