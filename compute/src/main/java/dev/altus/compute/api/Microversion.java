package dev.altus.compute.api;

import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;

/**
 * A compute API microversion ({@code 2.N}) asked for with {@code OpenStack-API-Version: compute
 * 2.N} or the legacy {@code X-OpenStack-Nova-API-Version: 2.N}; none means 2.1, {@code latest} the
 * maximum. A version outside [{@link #MIN}, {@link #MAX}] is refused with 406, a malformed one with
 * 400, as Nova does. {@link #MAX} is the highest version whose body changes this service honours:
 * raise it only together with the changes it brings.
 */
public record Microversion(int minor) implements Comparable<Microversion> {
  public static final Microversion MIN = new Microversion(1);
  public static final Microversion MAX = new Microversion(93);

  /** The version a request asks for. */
  public static Microversion of(ApiRequest req) {
    String v = null;
    for (String h : req.headers().all("OpenStack-API-Version")) {
      for (String part : h.split(",")) {
        String p = part.trim();
        int sp = p.indexOf(' ');
        if (sp > 0 && p.substring(0, sp).equalsIgnoreCase("compute")) {
          v = p.substring(sp + 1).trim();
        }
      }
    }
    if (v == null) {
      v = req.header("X-OpenStack-Nova-API-Version").map(String::trim).orElse(null);
    }
    return v == null ? MIN : parse(v);
  }

  /** Parses "2.N" or "latest" and checks the range. */
  public static Microversion parse(String v) {
    if (v.equalsIgnoreCase("latest")) {
      return MAX;
    }
    if (!v.matches("\\d+\\.\\d+")) {
      throw ApiException.badRequest("API Version String " + v + " is of invalid format. Must be of"
          + " format MajorNum.MinorNum.");
    }
    String[] p = v.split("\\.");
    int major;
    int minor;
    try {
      major = Integer.parseInt(p[0]);
      minor = Integer.parseInt(p[1]);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("API Version String " + v + " is of invalid format.");
    }
    if (major != 2 || minor < MIN.minor || minor > MAX.minor) {
      throw new ApiException(406, "NotAcceptable", "Version " + v + " is not supported by the API."
          + " Minimum is " + MIN + " and maximum is " + MAX + ".");
    }
    return new Microversion(minor);
  }

  /** True when this version is at least 2.{@code minor}. */
  public boolean atLeast(int minor) {
    return this.minor >= minor;
  }

  /** Adds the headers that tell the client which version answered. */
  public ApiResponse stamp(ApiResponse r) {
    r.header("OpenStack-API-Version", "compute " + this);
    r.header("X-OpenStack-Nova-API-Version", toString());
    r.header("Vary", "OpenStack-API-Version, X-OpenStack-Nova-API-Version");
    return r;
  }

  @Override
  public int compareTo(Microversion o) {
    return Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return "2." + minor;
  }
}
