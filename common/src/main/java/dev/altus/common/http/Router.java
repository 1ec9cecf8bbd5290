package dev.altus.common.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches a method and path against route templates such as {@code /v3/users/{user_id}}. Literal
 * segments win over parameters, so {@code /v3/auth/tokens} is never taken for an id. A trailing
 * slash is ignored; repeated slashes are read as one when the path matches no route as it is.
 */
public final class Router {
  /**
   * A matched route and its path parameters; {@code open} if callers without a token may use it
   * (version documents, token issue): every other route answers 401 before its handler runs.
   */
  public record Match(Handler handler, Map<String, String> params, String template, boolean open) {}

  /** The outcome of a lookup: a match, or the methods the path does allow (for a 405). */
  public record Lookup(Match match, Set<String> allowedMethods) {}

  private record Route(String method, String template, String[] segments, Handler handler) {}

  private final List<Route> routes = new ArrayList<>();
  private final Set<String> open = new java.util.HashSet<>();
  private String formatSuffix;

  /**
   * Makes every route also answer with {@code suffix} on its last path segment, e.g. Neutron's
   * {@code /v2.0/networks.json} for {@code /v2.0/networks}. Returns this router.
   */
  public Router formatSuffix(String suffix) {
    this.formatSuffix = suffix;
    return this;
  }

  /**
   * Lets callers without a token use a route (a GET also as HEAD), as OpenStack's services leave
   * their version documents and token issue open. Returns this router.
   */
  public Router markPublic(String method, String template) {
    open.add(method + " " + template);
    if (method.equals("GET")) {
      open.add("HEAD " + template);
    }
    return this;
  }

  /** True if the route is open to callers without a token. */
  public boolean isPublic(String method, String template) {
    return open.contains(method + " " + template);
  }

  public Router add(String method, String template, Handler handler) {
    routes.add(new Route(method, template, split(template), handler));
    return this;
  }

  public Router get(String t, Handler h) {
    add("GET", t, h);
    return add("HEAD", t, h);
  }

  public Router post(String t, Handler h) {
    return add("POST", t, h);
  }

  public Router put(String t, Handler h) {
    return add("PUT", t, h);
  }

  public Router patch(String t, Handler h) {
    return add("PATCH", t, h);
  }

  public Router delete(String t, Handler h) {
    return add("DELETE", t, h);
  }

  public Router head(String t, Handler h) {
    return add("HEAD", t, h);
  }

  /**
   * Wraps the handlers of the routes that {@code which} selects (by method and template), e.g. to
   * track writes. Returns this router.
   */
  public Router wrap(java.util.function.BiPredicate<String, String> which,
      java.util.function.UnaryOperator<Handler> wrapper) {
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      if (which.test(r.method, r.template)) {
        routes.set(i, new Route(r.method, r.template, r.segments, wrapper.apply(r.handler)));
      }
    }
    return this;
  }

  /** A route as registered: its method and path template. */
  public record RouteInfo(String method, String template) {}

  /** Every route in the order it was added (GET routes also appear as HEAD). */
  public List<RouteInfo> routes() {
    return routes.stream().map(r -> new RouteInfo(r.method, r.template)).toList();
  }

  public Lookup lookup(String method, String path) {
    if (formatSuffix != null && path.endsWith(formatSuffix)
        && !path.endsWith("/" + formatSuffix)) {
      path = path.substring(0, path.length() - formatSuffix.length());
    }
    String[] segs = split(path);
    Match best = null;
    int bestScore = -1;
    Set<String> allowed = new LinkedHashSet<>();
    for (Route r : routes) {
      Map<String, String> params = match(r.segments, segs);
      if (params == null) {
        continue;
      }
      int score = literalScore(r.segments);
      if (r.method.equals(method)) {
        if (score > bestScore) {
          best = new Match(r.handler, params, r.template, open.contains(r.method + " " + r.template));
          bestScore = score;
        }
      }
    }
    if (best != null) {
      return new Lookup(best, Set.of());
    }
    for (Route r : routes) {
      if (match(r.segments, segs) != null) {
        allowed.add(r.method);
      }
    }
    if (allowed.isEmpty() && path.contains("//")) {
      // an empty segment matches no route: read repeated slashes as one, as the web frameworks
      // OpenStack's services run on do (the Java SDK asks for /v3//projects/...)
      return lookup(method, path.replaceAll("/{2,}", "/"));
    }
    return new Lookup(null, allowed);
  }

  private static int literalScore(String[] segs) {
    int s = 0;
    for (int i = 0; i < segs.length; i++) {
      if (!segs[i].startsWith("{")) {
        s += 1 << Math.max(0, 20 - i);
      }
    }
    return s;
  }

  private static Map<String, String> match(String[] template, String[] path) {
    if (template.length != path.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        if (path[i].isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), path[i]);
      } else if (!t.equals(path[i])) {
        return null;
      }
    }
    return params;
  }

  private static String[] split(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.equals("/") || p.isEmpty()) {
      return new String[0];
    }
    if (p.startsWith("/")) {
      p = p.substring(1);
    }
    String[] parts = p.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = java.net.URLDecoder.decode(parts[i].replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
    return parts;
  }
}
