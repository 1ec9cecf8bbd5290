package dev.altus.network.ipam;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address as a number. Parsing accepts only literal addresses (never a host name),
 * formatting gives the dotted quad or RFC 5952's compressed IPv6 form, as Neutron shows them.
 */
public record Ip(int version, BigInteger value) implements Comparable<Ip> {
  private static final Pattern V4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern V6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

  /** Parses a literal address; throws IllegalArgumentException if it is not one. */
  public static Ip parse(String s) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("empty address");
    }
    if (V4.matcher(s).matches()) {
      long v = 0;
      for (String p : s.split("\\.")) {
        v = v * 256 + Integer.parseInt(p);
      }
      return new Ip(4, BigInteger.valueOf(v));
    }
    if (s.contains(":") && V6_CHARS.matcher(s).matches()) {
      return new Ip(6, parse6(s));
    }
    throw new IllegalArgumentException("'" + s + "' is not a valid IP address");
  }

  public static boolean isValid(String s) {
    try {
      parse(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static BigInteger parse6(String s) {
    String text = s;
    int[] tail4 = null;
    int lastColon = text.lastIndexOf(':');
    if (text.indexOf('.') >= 0) {
      String v4 = text.substring(lastColon + 1);
      if (!V4.matcher(v4).matches()) {
        throw new IllegalArgumentException("'" + s + "' is not a valid IP address");
      }
      String[] q = v4.split("\\.");
      tail4 = new int[] {Integer.parseInt(q[0]) * 256 + Integer.parseInt(q[1]),
          Integer.parseInt(q[2]) * 256 + Integer.parseInt(q[3])};
      text = text.substring(0, lastColon + 1) + "0:0";
    }
    int dbl = text.indexOf("::");
    if (dbl >= 0 && text.indexOf("::", dbl + 1) >= 0) {
      throw new IllegalArgumentException("'" + s + "' is not a valid IP address");
    }
    String[] head;
    String[] tail;
    if (dbl >= 0) {
      head = groups(text.substring(0, dbl), s);
      tail = groups(text.substring(dbl + 2), s);
      if (head.length + tail.length > 7) {
        throw new IllegalArgumentException("'" + s + "' is not a valid IP address");
      }
    } else {
      head = groups(text, s);
      tail = new String[0];
      if (head.length != 8) {
        throw new IllegalArgumentException("'" + s + "' is not a valid IP address");
      }
    }
    int[] g = new int[8];
    for (int i = 0; i < head.length; i++) {
      g[i] = hex(head[i], s);
    }
    for (int i = 0; i < tail.length; i++) {
      g[8 - tail.length + i] = hex(tail[i], s);
    }
    if (tail4 != null) {
      g[6] = tail4[0];
      g[7] = tail4[1];
    }
    BigInteger v = BigInteger.ZERO;
    for (int x : g) {
      v = v.shiftLeft(16).or(BigInteger.valueOf(x));
    }
    return v;
  }

  private static String[] groups(String part, String whole) {
    if (part.isEmpty()) {
      return new String[0];
    }
    String[] gs = part.split(":", -1);
    for (String g : gs) {
      if (g.isEmpty() || g.length() > 4) {
        throw new IllegalArgumentException("'" + whole + "' is not a valid IP address");
      }
    }
    return gs;
  }

  private static int hex(String g, String whole) {
    try {
      return Integer.parseInt(g, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + whole + "' is not a valid IP address");
    }
  }

  public int bits() {
    return version == 4 ? 32 : 128;
  }

  public Ip plus(long n) {
    return new Ip(version, value.add(BigInteger.valueOf(n)));
  }

  @Override
  public int compareTo(Ip o) {
    return version != o.version ? Integer.compare(version, o.version) : value.compareTo(o.value);
  }

  @Override
  public String toString() {
    if (version == 4) {
      long v = value.longValue();
      return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (g[i] == 0) {
        int j = i;
        while (j < 8 && g[j] == 0) {
          j++;
        }
        if (j - i > bestLen && j - i >= 2) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
