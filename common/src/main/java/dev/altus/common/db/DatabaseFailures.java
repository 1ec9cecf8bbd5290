package dev.altus.common.db;

import dev.altus.common.error.ApiException;
import java.sql.SQLException;

/**
 * Tells a database that failed (gone, full, refusing connections, timed out) from a request that
 * was wrong, so that callers answer the truth: a failed database is a 503 with a retry hint, never
 * a "no valid host" or a 400. Lock contention is told apart too: it is worth a retry at once.
 */
public final class DatabaseFailures {
  /** Seconds a client is told to wait before it tries again (Retry-After). */
  public static final int RETRY_AFTER_SECONDS = 5;

  private DatabaseFailures() {}

  /**
   * True when {@code e} (or a cause) is the database failing: an SQL error other than a broken
   * constraint (class 23) or a bad statement (class 42), which are the program's own faults, or
   * JDBI failing to get a connection.
   */
  public static boolean isDatabaseFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        return state == null || !(state.startsWith("23") || state.startsWith("42"));
      }
      if (t instanceof org.jdbi.v3.core.ConnectionException) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when {@code e} is a transaction that lost a race for a lock (a lock wait timed out, a
   * deadlock, a serialization failure): the database works, the same work may succeed if retried.
   */
  public static boolean isLockContention(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        // 40001 serialization failure / H2 deadlock, 40P01 deadlock, 55P03 lock not available,
        // HYT00 H2's lock timeout
        return state.equals("40001") || state.equals("40P01") || state.equals("55P03")
            || state.equals("HYT00");
      }
    }
    return false;
  }

  /** The 503 a request ends with when the database failed under it. */
  public static ApiException unavailable(Throwable e) {
    return new ApiException(503, "ServiceUnavailable", "The database is unavailable ("
        + rootMessage(e) + "); the request was not completed. Try again in "
        + RETRY_AFTER_SECONDS + " seconds.");
  }

  /** The innermost message of a failure, for saying what failed without a stack trace. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    m = nl > 0 ? m.substring(0, nl) : m;
    int sql = m.indexOf("; SQL statement");
    return sql > 0 ? m.substring(0, sql) : m;
  }
}
