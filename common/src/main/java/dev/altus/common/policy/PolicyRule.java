package dev.altus.common.policy;

import java.util.List;
import java.util.Map;

/** A parsed policy rule: a tree of checks joined by and / or / not. */
sealed interface PolicyRule {
  boolean test(Map<String, Object> creds, Map<String, Object> target, PolicyEngine engine);

  record Always(boolean value) implements PolicyRule {
    public boolean test(Map<String, Object> c, Map<String, Object> t, PolicyEngine e) {
      return value;
    }
  }

  record And(List<PolicyRule> parts) implements PolicyRule {
    public boolean test(Map<String, Object> c, Map<String, Object> t, PolicyEngine e) {
      return parts.stream().allMatch(p -> p.test(c, t, e));
    }
  }

  record Or(List<PolicyRule> parts) implements PolicyRule {
    public boolean test(Map<String, Object> c, Map<String, Object> t, PolicyEngine e) {
      return parts.stream().anyMatch(p -> p.test(c, t, e));
    }
  }

  record Not(PolicyRule inner) implements PolicyRule {
    public boolean test(Map<String, Object> c, Map<String, Object> t, PolicyEngine e) {
      return !inner.test(c, t, e);
    }
  }

  /** {@code rule:name}: another named rule. */
  record Ref(String name) implements PolicyRule {
    public boolean test(Map<String, Object> c, Map<String, Object> t, PolicyEngine e) {
      return e.evaluate(name, c, t);
    }
  }

  /** {@code role:admin}: the caller holds the role (case-insensitive, as oslo.policy does). */
  record Role(String role) implements PolicyRule {
    @SuppressWarnings("unchecked")
    public boolean test(Map<String, Object> c, Map<String, Object> t, PolicyEngine e) {
      Object roles = c.get("roles");
      if (!(roles instanceof java.util.Collection<?> col)) {
        return false;
      }
      String want = PolicyEngine.substitute(role, t);
      return col.stream().anyMatch(r -> String.valueOf(r).equalsIgnoreCase(want));
    }
  }

  /**
   * {@code attr:value}: a credential attribute equals a literal or a {@code %(target.x)s} value from
   * the target. A missing value on either side never matches.
   */
  record Generic(String attribute, String value) implements PolicyRule {
    public boolean test(Map<String, Object> c, Map<String, Object> t, PolicyEngine e) {
      Object have = c.get(attribute);
      String want;
      if (value.startsWith("%(") && value.endsWith(")s")) {
        Object v = t.get(value.substring(2, value.length() - 2));
        if (v == null) {
          return false;
        }
        want = String.valueOf(v);
      } else if (value.startsWith("'") && value.endsWith("'") && value.length() >= 2) {
        want = value.substring(1, value.length() - 1);
      } else {
        want = value;
      }
      if (have == null) {
        return false;
      }
      if (have instanceof Boolean b) {
        return b.toString().equalsIgnoreCase(want);
      }
      return String.valueOf(have).equals(want);
    }
  }

  /**
   * {@code field:<resource>:<attribute>=<value>} (or {@code =~<regex>}): the target's attribute
   * equals the literal (booleans compared without case, as {@code True}) or matches the regex,
   * as Neutron's {@code rule:shared} ({@code field:networks:shared=True}) tests a network.
   */
  record Field(String attribute, String value, java.util.regex.Pattern regex) implements PolicyRule {
    static Field parse(String spec) {
      int colon = spec.indexOf(':');
      int eq = spec.indexOf('=', colon + 1);
      if (colon < 0 || eq < 0) {
        throw new IllegalArgumentException("field check needs resource:attribute=value: " + spec);
      }
      String attr = spec.substring(colon + 1, eq);
      String v = spec.substring(eq + 1);
      if (v.startsWith("~")) {
        try {
          return new Field(attr, v, java.util.regex.Pattern.compile(v.substring(1)));
        } catch (java.util.regex.PatternSyntaxException e) {
          throw new IllegalArgumentException("bad regex in field check: " + spec);
        }
      }
      return new Field(attr, v, null);
    }

    public boolean test(Map<String, Object> c, Map<String, Object> t, PolicyEngine e) {
      Object have = t.get(attribute);
      if (have == null) {
        return false;
      }
      String s = String.valueOf(have);
      if (regex != null) {
        return regex.matcher(s).find();
      }
      return have instanceof Boolean ? s.equalsIgnoreCase(value) : s.equals(value);
    }
  }
}
