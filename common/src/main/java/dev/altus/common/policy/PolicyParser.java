package dev.altus.common.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses oslo.policy's rule language: {@code role:admin or (role:reader and
 * project_id:%(project_id)s)}, {@code rule:name}, {@code @} (always), {@code !} (never), {@code
 * not x}, an empty string (always).
 */
final class PolicyParser {
  private final List<String> tokens;
  private int pos;

  private PolicyParser(List<String> tokens) {
    this.tokens = tokens;
  }

  static PolicyRule parse(String text) {
    List<String> toks = tokenize(text.trim());
    if (toks.isEmpty()) {
      return new PolicyRule.Always(true);
    }
    PolicyParser p = new PolicyParser(toks);
    PolicyRule r = p.or();
    if (p.pos != toks.size()) {
      throw new IllegalArgumentException("unexpected '" + toks.get(p.pos) + "' in rule: " + text);
    }
    return r;
  }

  private PolicyRule or() {
    List<PolicyRule> parts = new ArrayList<>();
    parts.add(and());
    while (peek("or")) {
      pos++;
      parts.add(and());
    }
    return parts.size() == 1 ? parts.get(0) : new PolicyRule.Or(parts);
  }

  private PolicyRule and() {
    List<PolicyRule> parts = new ArrayList<>();
    parts.add(unary());
    while (peek("and")) {
      pos++;
      parts.add(unary());
    }
    return parts.size() == 1 ? parts.get(0) : new PolicyRule.And(parts);
  }

  private PolicyRule unary() {
    if (peek("not")) {
      pos++;
      return new PolicyRule.Not(unary());
    }
    if (peek("(")) {
      pos++;
      PolicyRule r = or();
      if (!peek(")")) {
        throw new IllegalArgumentException("missing ')'");
      }
      pos++;
      return r;
    }
    if (pos >= tokens.size()) {
      throw new IllegalArgumentException("rule ends too early");
    }
    return check(tokens.get(pos++));
  }

  private static PolicyRule check(String tok) {
    if (tok.equals("@")) {
      return new PolicyRule.Always(true);
    }
    if (tok.equals("!")) {
      return new PolicyRule.Always(false);
    }
    int colon = tok.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("not a check: " + tok);
    }
    String kind = tok.substring(0, colon);
    String value = tok.substring(colon + 1);
    return switch (kind) {
      case "rule" -> new PolicyRule.Ref(value);
      case "role" -> new PolicyRule.Role(value);
      case "field" -> PolicyRule.Field.parse(value);
      default -> new PolicyRule.Generic(kind, value);
    };
  }

  private boolean peek(String word) {
    return pos < tokens.size() && tokens.get(pos).equals(word);
  }

  private static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        out.add(String.valueOf(c));
        i++;
      } else {
        int j = i;
        boolean quoted = false;
        while (j < s.length()) {
          char d = s.charAt(j);
          if (d == '%' && j + 1 < s.length() && s.charAt(j + 1) == '(') {
            int close = s.indexOf(")s", j);
            if (close > 0) {
              j = close + 2;
              continue;
            }
          }
          if (d == '\'') {
            quoted = !quoted;
          } else if (!quoted && (Character.isWhitespace(d) || d == ')' || (d == '(' && j == i))) {
            break;
          }
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }
}
