package dev.altus.compute.scheduler.filters;

import java.util.Arrays;

/**
 * The operators Nova allows in extra spec and image property requirements: "= 4" (at least,
 * numerically), "s== v", "s!= v", "s>= v" ... (string compare), "&lt;in&gt; sub", "&lt;all-in&gt;
 * a b", "&lt;or&gt; a &lt;or&gt; b", "== 4", "!= 4", "&gt;= 4", "&lt;= 4"; a bare value must be
 * equal.
 */
public final class ExtraSpecOps {
  private ExtraSpecOps() {}

  public static boolean matches(String value, String req) {
    if (value == null) {
      return false;
    }
    String[] words = req.trim().split("\\s+");
    if (words.length == 0 || req.isBlank()) {
      return value.isEmpty();
    }
    String op = words[0];
    String rest = req.trim().substring(op.length()).trim();
    switch (op) {
      case "=":
        return num(value) >= num(rest);
      case "==":
        return num(value) == num(rest);
      case "!=":
        return num(value) != num(rest);
      case ">=":
        return num(value) >= num(rest);
      case "<=":
        return num(value) <= num(rest);
      case "s==":
        return value.equals(rest);
      case "s!=":
        return !value.equals(rest);
      case "s>=":
        return value.compareTo(rest) >= 0;
      case "s<=":
        return value.compareTo(rest) <= 0;
      case "s>":
        return value.compareTo(rest) > 0;
      case "s<":
        return value.compareTo(rest) < 0;
      case "<in>":
        return value.contains(rest);
      case "<all-in>":
        return Arrays.stream(rest.split("\\s+")).allMatch(value::contains);
      case "<or>":
        return Arrays.stream(req.trim().split("<or>")).map(String::trim)
            .anyMatch(value::equals);
      default:
        if (req.contains("<or>")) {
          return Arrays.stream(req.split("<or>")).map(String::trim).anyMatch(value::equals);
        }
        return value.equals(req.trim());
    }
  }

  private static double num(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
