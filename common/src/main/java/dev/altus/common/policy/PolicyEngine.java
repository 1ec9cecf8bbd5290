package dev.altus.common.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enforces named actions ({@code identity:create_user}) against rules in oslo.policy's language.
 * Each service brings its default rules; an operator's policy file (JSON or the simple
 * {@code "name": "rule"} YAML that oslo.policy files use) overrides any of them.
 */
public final class PolicyEngine {
  private final Map<String, PolicyRule> rules = new ConcurrentHashMap<>();
  private final Map<String, String> texts = new LinkedHashMap<>();
  private final Map<String, String> defaults = new LinkedHashMap<>();
  private final Map<String, String> descriptions = new ConcurrentHashMap<>();

  public PolicyEngine(Map<String, String> defaults) {
    defaults.forEach(this::setDefault);
  }

  private void setDefault(String name, String rule) {
    set(name, rule);
    this.defaults.put(name, rule);
  }

  /** Says what a rule guards, for the sample policy file ({@code altus policy list}). */
  public PolicyEngine describe(String name, String description) {
    descriptions.put(name, description);
    return this;
  }

  /** Describes every rule of {@code descriptions} (name to text). */
  public PolicyEngine describeAll(Map<String, String> descriptions) {
    this.descriptions.putAll(descriptions);
    return this;
  }

  /** The default rules in the order they were given, before any operator's file. */
  public Map<String, String> defaults() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
  }

  public String description(String name) {
    return descriptions.get(name);
  }

  /** True if the engine knows the rule (a default or an operator's). */
  public boolean has(String name) {
    return rules.containsKey(name);
  }

  public PolicyEngine set(String name, String rule) {
    try {
      rules.put(name, PolicyParser.parse(rule));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("policy rule '" + name + "' is invalid: " + e.getMessage(), e);
    }
    texts.put(name, rule);
    return this;
  }

  /** Adds default rules from another service. */
  public PolicyEngine addDefaults(Map<String, String> defaults) {
    defaults.forEach((k, v) -> {
      if (!texts.containsKey(k)) {
        set(k, v);
      }
      this.defaults.putIfAbsent(k, v);
    });
    return this;
  }

  /** Loads overrides from a policy file; the file's rules replace the defaults of the same name. */
  public PolicyEngine loadOverrides(Path file) {
    try {
      String text = Files.readString(file);
      String trimmed = text.trim();
      if (trimmed.startsWith("{")) {
        JsonNode doc = Json.parse(trimmed);
        doc.fields().forEachRemaining(e -> set(e.getKey(), e.getValue().asText()));
      } else {
        for (String line : text.split("\n")) {
          String l = line.trim();
          if (l.isEmpty() || l.startsWith("#")) {
            continue;
          }
          int colon = l.indexOf("\":");
          if (!l.startsWith("\"") || colon < 0) {
            throw new IllegalArgumentException("cannot read line: " + l);
          }
          String name = l.substring(1, colon);
          String rule = l.substring(colon + 2).trim();
          if (rule.startsWith("\"") && rule.endsWith("\"")) {
            rule = rule.substring(1, rule.length() - 1);
          }
          set(name, rule);
        }
      }
      return this;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read policy file " + file + ": " + e.getMessage(), e);
    }
  }

  /** True if the rule allows the call. An unknown rule name denies. */
  public boolean evaluate(String name, Map<String, Object> creds, Map<String, Object> target) {
    PolicyRule r = rules.get(name);
    return r != null && r.test(creds, target, this);
  }

  public boolean allowed(String action, RequestContext ctx, Map<String, Object> target) {
    return evaluate(action, credentials(ctx), target);
  }

  /** Throws 403 naming the action when the policy denies the call. */
  public void enforce(String action, RequestContext ctx, Map<String, Object> target) {
    if (!rules.containsKey(action)) {
      throw new IllegalStateException("no policy rule for " + action);
    }
    if (!allowed(action, ctx, target)) {
      throw ApiException.forbidden(
          "You are not authorized to perform the requested action: " + action + ".");
    }
  }

  public void enforce(String action, RequestContext ctx) {
    enforce(action, ctx, Map.of());
  }

  /** The credential attributes rules may test, named as in oslo.policy. */
  public static Map<String, Object> credentials(RequestContext ctx) {
    Map<String, Object> c = new HashMap<>();
    c.put("user_id", ctx.userId());
    c.put("user_domain_id", ctx.userDomainId());
    c.put("project_id", ctx.projectId());
    c.put("project_domain_id", ctx.projectDomainId());
    c.put("domain_id", ctx.domainId());
    c.put("system_scope", ctx.system() ? "all" : null);
    c.put("roles", ctx.roles());
    c.put("is_admin", ctx.isAdmin());
    c.put("trust_id", ctx.trustId());
    c.put("token.project.domain.id", ctx.projectDomainId());
    c.put("token.domain.id", ctx.domainId());
    c.put("token.user.domain.id", ctx.userDomainId());
    return c;
  }

  /** Substitutes {@code %(name)s} from the target in a rule value. */
  static String substitute(String value, Map<String, Object> target) {
    if (value.startsWith("%(") && value.endsWith(")s")) {
      Object v = target.get(value.substring(2, value.length() - 2));
      return v == null ? "" : String.valueOf(v);
    }
    return value;
  }

  public Map<String, String> rules() {
    return Map.copyOf(texts);
  }
}
