package dev.altus.common.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What the services' SQL needs to run on MariaDB. The SQL is written once, for H2 and
 * PostgreSQL; on MariaDB every statement is translated on its way to the driver (the migration
 * files, and so their checksums, stay the same): {@code VARCHAR(65535)} (too long for a MariaDB
 * row in utf8mb4) is a {@code MEDIUMTEXT}, an identity column is {@code AUTO_INCREMENT}, a type
 * change ({@code ALTER COLUMN c SET DATA TYPE t}) is a {@code MODIFY COLUMN c t} (which on MariaDB
 * restates the whole column: a NOT NULL there is dropped, so the services never rely on the
 * database for one they change a type of), and the
 * column names that are reserved words in MariaDB alone ({@code blob}, {@code position},
 * {@code sensitive}) are quoted wherever they stand outside a string literal. Every connection runs in ANSI
 * mode (double-quoted identifiers, {@code ||} concatenation), strictly (a value too long is refused
 * with SQLState 22001, as elsewhere, never cut short) and at READ COMMITTED, PostgreSQL's
 * isolation, so that the same compare-and-set updates and row locks behave alike.
 */
public final class MariaDbDialect {
  /** Run on every new connection (the pool also sets READ COMMITTED). */
  public static final String SESSION = "SET SESSION sql_mode = 'ANSI_QUOTES,PIPES_AS_CONCAT,"
      + "STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
      + "NO_ENGINE_SUBSTITUTION'";

  /** VARCHAR longer than a utf8mb4 row allows (16,383 characters). */
  private static final Pattern LONG_VARCHAR = Pattern.compile(
      "(?i)\\bVARCHAR\\s*\\(\\s*(\\d+)\\s*\\)");
  /** An identity column that is its table's key already. */
  private static final Pattern IDENTITY_KEY = Pattern.compile("(?i)\\bGENERATED\\s+(BY\\s+DEFAULT"
      + "|ALWAYS)\\s+AS\\s+IDENTITY(?=\\s+(PRIMARY\\s+KEY|UNIQUE)\\b)");
  private static final Pattern SET_TYPE = Pattern.compile(
      "(?i)\\bALTER\\s+COLUMN\\s+(\\w+)\\s+SET\\s+DATA\\s+TYPE\\b");
  private static final Pattern IDENTITY = Pattern.compile(
      "(?i)\\bGENERATED\\s+(BY\\s+DEFAULT|ALWAYS)\\s+AS\\s+IDENTITY\\b");

  /** Lower-case identifiers the services use that MariaDB reserves (upper case is SQL's). */
  private static final Pattern RESERVED = Pattern.compile("\\b(blob|position|sensitive)\\b(?!\\s*\\()");

  private MariaDbDialect() {}

  /** A statement as MariaDB takes it. */
  public static String translate(String sql) {
    String s = LONG_VARCHAR.matcher(sql).replaceAll(m -> m.group(1).length() > 5
        || Integer.parseInt(m.group(1)) > 16383 ? "MEDIUMTEXT" : m.group());
    // MariaDB's auto column must be a key in its own definition
    s = IDENTITY_KEY.matcher(s).replaceAll("AUTO_INCREMENT");
    s = IDENTITY.matcher(s).replaceAll("AUTO_INCREMENT UNIQUE");
    s = SET_TYPE.matcher(s).replaceAll("MODIFY COLUMN $1");
    if (!RESERVED.matcher(s).find()) {
      return s;
    }
    // quote reserved names only outside '...' literals and "..." identifiers
    StringBuilder out = new StringBuilder(s.length() + 8);
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        int end = s.indexOf(c, i + 1);
        while (end > 0 && end + 1 < s.length() && s.charAt(end + 1) == c) {
          end = s.indexOf(c, end + 2); // a doubled quote inside
        }
        end = end < 0 ? s.length() - 1 : end;
        out.append(s, i, end + 1);
        i = end + 1;
        continue;
      }
      int next = nextQuote(s, i);
      out.append(RESERVED.matcher(s.substring(i, next)).replaceAll("\"$1\""));
      i = next;
    }
    return out.toString();
  }

  private static int nextQuote(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == '\'' || s.charAt(i) == '"') {
        return i;
      }
    }
    return s.length();
  }

  /** {@code dataSource} with every statement's SQL passed through {@link #translate}. */
  static DataSource translating(DataSource dataSource) {
    return proxy(DataSource.class, dataSource);
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, T target) {
    InvocationHandler h = (p, m, args) -> {
      if (args != null && args.length > 0 && args[0] instanceof String sql
          && (m.getName().startsWith("execute") || m.getName().equals("prepareStatement")
              || m.getName().equals("addBatch"))) {
        args[0] = translate(sql);
      }
      Object r;
      try {
        r = m.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (r instanceof Connection c && m.getReturnType() == Connection.class) {
        return proxy(Connection.class, c);
      }
      if (r instanceof Statement st && m.getReturnType() == Statement.class) {
        return proxy(Statement.class, st);
      }
      return r;
    };
    return (T) Proxy.newProxyInstance(MariaDbDialect.class.getClassLoader(), new Class<?>[] {type},
        h);
  }
}
