package dev.altus.common.db;

import dev.altus.common.error.ApiException;
import java.sql.SQLException;

/**
 * Database refusals that the request caused, told as the client's error: a value longer than its
 * column (SQLState 22001, H2's and PostgreSQL's "value too long") is a 400, where it surfaced as a
 * 500. Other database failures stay server errors.
 */
public final class DataErrors {
  private DataErrors() {}

  /** The 400 for a value too long to store, if {@code e} was caused by one; else null. */
  public static ApiException tooLong(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && "22001".equals(s.getSQLState())) {
        return ApiException.badRequest("The request holds a value too long to be stored (for"
            + " example more or longer extra attributes than fit in 65,535 characters).");
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
