package dev.altus.server.routes;

import dev.altus.common.http.Router;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's RBAC table, {@code docs/rbac/<service>.csv}: one row per route with the status each
 * caller gets, whether the route is public (anonymous callers may use it) and a note that says why
 * a row breaks a rule (a reader's write, a cross-project answer) where it may.
 */
final class RbacTable {
  static final String HEADER = "method,route,admin,member_a,reader_a,member_b,anonymous,public,note";

  record Row(String method, String route, Map<String, Integer> statuses, boolean isPublic,
      String note) {}

  private final Map<String, Row> rows = new LinkedHashMap<>();

  static RbacTable read(Path file) throws IOException {
    RbacTable t = new RbacTable();
    if (!Files.exists(file)) {
      return t;
    }
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank() || line.startsWith("#") || line.equals(HEADER)) {
        continue;
      }
      String[] f = line.split(",", 9);
      if (f.length < 8) {
        throw new IllegalArgumentException(file + ": cannot read row: " + line);
      }
      Map<String, Integer> s = new LinkedHashMap<>();
      String[] callers = {"admin", "member_a", "reader_a", "member_b", "anonymous"};
      for (int i = 0; i < callers.length; i++) {
        s.put(callers[i], Integer.parseInt(f[2 + i].trim()));
      }
      String note = f.length > 8 ? f[8].trim() : "";
      if (note.startsWith("\"") && note.endsWith("\"") && note.length() >= 2) {
        note = note.substring(1, note.length() - 1);
      }
      t.rows.put(f[0] + " " + f[1], new Row(f[0], f[1], s, f[7].trim().equals("yes"), note));
    }
    return t;
  }

  Row row(String method, String route) {
    Row r = rows.get(method + " " + route);
    if (r == null) {
      return null;
    }
    // compare in one caller order whatever order the map was filled in
    Map<String, Integer> ordered = new LinkedHashMap<>();
    for (String c : TestCloud.CALLERS) {
      ordered.put(c, r.statuses().get(c));
    }
    return new Row(r.method(), r.route(), ordered, r.isPublic(), r.note());
  }

  Set<String> keys() {
    return rows.keySet();
  }

  /** Writes the rows in route-table order. */
  static void write(Path file, List<Router.RouteInfo> routes, Map<String, Row> got)
      throws IOException {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (Router.RouteInfo r : routes) {
      Row row = got.get(r.method() + " " + r.template());
      if (row == null) {
        continue;
      }
      Map<String, Integer> s = row.statuses();
      out.append(r.method()).append(',').append(r.template());
      for (String c : new String[] {"admin", "member_a", "reader_a", "member_b", "anonymous"}) {
        out.append(',').append(s.get(c));
      }
      out.append(',').append(row.isPublic() ? "yes" : "no").append(',');
      if (!row.note().isEmpty()) {
        out.append('"').append(row.note()).append('"');
      }
      out.append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, out);
  }
}
