package dev.altus.volume.api;

import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;

/**
 * A block storage microversion ({@code 3.N}) asked for with {@code OpenStack-API-Version: volume
 * 3.N}; none means 3.0, {@code latest} the maximum. Outside [{@link #MIN}, {@link #MAX}] is a 406,
 * a malformed version a 400, as Cinder answers.
 */
public record VolumeMicroversion(int minor) implements Comparable<VolumeMicroversion> {
  public static final VolumeMicroversion MIN = new VolumeMicroversion(0);
  /** Zed's maximum. */
  public static final VolumeMicroversion MAX = new VolumeMicroversion(70);

  public static VolumeMicroversion of(ApiRequest req) {
    String v = null;
    for (String h : req.headers().all("OpenStack-API-Version")) {
      for (String part : h.split(",")) {
        String p = part.trim();
        int sp = p.indexOf(' ');
        if (sp > 0 && p.substring(0, sp).equalsIgnoreCase("volume")) {
          v = p.substring(sp + 1).trim();
        }
      }
    }
    return v == null ? MIN : parse(v);
  }

  public static VolumeMicroversion parse(String v) {
    if (v.equalsIgnoreCase("latest")) {
      return MAX;
    }
    if (!v.matches("\\d{1,4}\\.\\d{1,4}")) {
      throw new ApiException(400, "VersionNotFound", "API Version String " + v
          + " is of invalid format. Must be of format MajorNum.MinorNum.");
    }
    String[] p = v.split("\\.");
    int major = Integer.parseInt(p[0]);
    int minor = Integer.parseInt(p[1]);
    if (major != 3 || minor < MIN.minor || minor > MAX.minor) {
      throw new ApiException(406, "NotAcceptable", "Version " + v + " is not supported by the API."
          + " Minimum is " + MIN + " and maximum is " + MAX + ".");
    }
    return new VolumeMicroversion(minor);
  }

  public boolean atLeast(int minor) {
    return this.minor >= minor;
  }

  /** Tells the client which version answered. */
  public ApiResponse stamp(ApiResponse r) {
    r.header("OpenStack-API-Version", "volume " + this);
    r.header("Vary", "OpenStack-API-Version");
    return r;
  }

  @Override
  public int compareTo(VolumeMicroversion o) {
    return Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return "3." + minor;
  }
}
