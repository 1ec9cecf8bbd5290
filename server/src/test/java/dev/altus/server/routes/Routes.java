package dev.altus.server.routes;

import dev.altus.common.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's routes as the tests use them: distinct (method, template), path values filled in. */
final class Routes {
  private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

  private Routes() {}

  /** Every route once; a HEAD that only mirrors a GET is left out (it runs the GET's handler). */
  static List<Router.RouteInfo> of(Router router) {
    Set<String> gets = new LinkedHashSet<>();
    for (Router.RouteInfo r : router.routes()) {
      if (r.method().equals("GET")) {
        gets.add(r.template());
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    List<Router.RouteInfo> out = new ArrayList<>();
    for (Router.RouteInfo r : router.routes()) {
      if (r.method().equals("HEAD") && gets.contains(r.template())) {
        continue;
      }
      if (seen.add(r.method() + " " + r.template())) {
        out.add(r);
      }
    }
    return out;
  }

  static boolean writes(String method) {
    return !method.equals("GET") && !method.equals("HEAD");
  }

  /**
   * The template with each parameter replaced: by the fixture named after the parameter, else
   * (for {id}) the one named after the literal segment before it, else {@code fallback}.
   */
  static String fill(String template, Map<String, String> fixtures, String fallback) {
    Matcher m = PARAM.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String before = template.substring(0, m.start());
      String[] segs = before.split("/");
      String collection = segs.length == 0 ? "" : segs[segs.length - 1];
      String v = name.equals("id") ? fixtures.get(collection) : fixtures.get(name);
      if (v == null) {
        v = fallback;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }
}
