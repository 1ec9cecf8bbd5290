package dev.altus.identity.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.altus.common.json.Json;
import dev.altus.identity.model.AccessRule;
import dev.altus.identity.model.ApplicationCredential;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Application credentials and their access rules. A credential's roles are a JSON list of role ids;
 * access rules are rows of their own, linked to credentials, and outlive the credentials that used
 * them until their user deletes them.
 */
public final class ApplicationCredentialStore {
  private static final String COLS = "id, name, secret_hash, description, user_id, project_id,"
      + " expires_at, expires_at_us, unrestricted, roles";
  private static final String RULE_COLS = "id, user_id, service, path, method";
  private final Jdbi jdbi;

  /** What deleting an access rule did. */
  public enum RuleDeletion { DELETED, NOT_FOUND, IN_USE }

  public ApplicationCredentialStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Stores a credential and links its access rules: a rule the user already has for the same call
   * (or with the same id) is reused, any other is created.
   */
  public void insert(ApplicationCredential c) {
    jdbi.useTransaction(h -> {
      h.createUpdate("INSERT INTO application_credential (" + COLS + ") VALUES (:id, :name,"
              + " :secretHash, :description, :userId, :projectId, :expiresAt, :expiresAtUs,"
              + " :unrestricted, :roles)")
          .bind("id", c.id())
          .bind("name", c.name())
          .bind("secretHash", c.secretHash())
          .bind("description", c.description())
          .bind("userId", c.userId())
          .bind("projectId", c.projectId())
          .bind("expiresAt", c.expiresAtMillis())
          .bind("expiresAtUs", c.expiresAtMicros())
          .bind("unrestricted", c.unrestricted())
          .bind("roles", rolesText(c.roleIds()))
          .execute();
      List<String> linked = new ArrayList<>();
      for (AccessRule wanted : c.accessRules()) {
        AccessRule rule = existingRule(h, wanted).orElseGet(() -> {
          insertRule(h, wanted);
          return wanted;
        });
        if (!linked.contains(rule.id())) {
          linked.add(rule.id());
          h.createUpdate("INSERT INTO application_credential_access_rule"
                  + " (application_credential_id, access_rule_id) VALUES (:c, :r)")
              .bind("c", c.id())
              .bind("r", rule.id())
              .execute();
        }
      }
    });
  }

  private static Optional<AccessRule> existingRule(Handle h, AccessRule wanted) {
    Optional<AccessRule> byId = h.createQuery("SELECT " + RULE_COLS
            + " FROM access_rule WHERE id = :id AND user_id = :u")
        .bind("id", wanted.id())
        .bind("u", wanted.userId())
        .map(ApplicationCredentialStore::mapRule)
        .findOne();
    if (byId.isPresent()) {
      return byId;
    }
    return h.createQuery("SELECT " + RULE_COLS + " FROM access_rule WHERE user_id = :u AND"
            + " service = :s AND path = :p AND method = :m ORDER BY id")
        .bind("u", wanted.userId())
        .bind("s", wanted.service())
        .bind("p", wanted.path())
        .bind("m", wanted.method())
        .map(ApplicationCredentialStore::mapRule)
        .findFirst();
  }

  private static void insertRule(Handle h, AccessRule r) {
    h.createUpdate("INSERT INTO access_rule (" + RULE_COLS + ") VALUES (:id, :u, :s, :p, :m)")
        .bind("id", r.id())
        .bind("u", r.userId())
        .bind("s", r.service())
        .bind("p", r.path())
        .bind("m", r.method())
        .execute();
  }

  /** True when an access rule with this id exists for another user than {@code userId}. */
  public boolean ruleIdTakenByOther(String ruleId, String userId) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT COUNT(*) FROM access_rule WHERE id = :id AND user_id <> :u")
        .bind("id", ruleId)
        .bind("u", userId)
        .mapTo(Integer.class)
        .one() > 0);
  }

  public Optional<ApplicationCredential> find(String id) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT " + COLS + " FROM application_credential WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne()
        .map(c -> withRules(h, c)));
  }

  public Optional<ApplicationCredential> findByName(String userId, String name) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT " + COLS + " FROM application_credential WHERE user_id = :u AND name = :n")
        .bind("u", userId)
        .bind("n", name)
        .map((rs, ctx) -> map(rs))
        .findOne()
        .map(c -> withRules(h, c)));
  }

  public List<ApplicationCredential> listForUser(String userId) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT " + COLS + " FROM application_credential WHERE user_id = :u ORDER BY name, id")
        .bind("u", userId)
        .map((rs, ctx) -> map(rs))
        .list()
        .stream()
        .map(c -> withRules(h, c))
        .toList());
  }

  /** Deletes a credential (its rule links go with it, the rules stay); false if there was none. */
  public boolean delete(String id) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM application_credential WHERE id = :id")
        .bind("id", id)
        .execute() > 0);
  }

  /** Deletes all of a user's credentials and access rules. */
  public void deleteForUser(String userId) {
    jdbi.useTransaction(h -> {
      h.createUpdate("DELETE FROM application_credential WHERE user_id = :u")
          .bind("u", userId)
          .execute();
      h.createUpdate("DELETE FROM access_rule WHERE user_id = :u").bind("u", userId).execute();
    });
  }

  public Optional<AccessRule> findRule(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + RULE_COLS
            + " FROM access_rule WHERE id = :id")
        .bind("id", id)
        .map(ApplicationCredentialStore::mapRule)
        .findOne());
  }

  public List<AccessRule> rulesForUser(String userId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT " + RULE_COLS
            + " FROM access_rule WHERE user_id = :u ORDER BY id")
        .bind("u", userId)
        .map(ApplicationCredentialStore::mapRule)
        .list());
  }

  /** Deletes an access rule unless a credential still uses it. */
  public RuleDeletion deleteRule(String id) {
    return jdbi.inTransaction(h -> {
      int users = h.createQuery("SELECT COUNT(*) FROM application_credential_access_rule"
              + " WHERE access_rule_id = :id")
          .bind("id", id)
          .mapTo(Integer.class)
          .one();
      if (users > 0) {
        return RuleDeletion.IN_USE;
      }
      int n = h.createUpdate("DELETE FROM access_rule WHERE id = :id").bind("id", id).execute();
      return n > 0 ? RuleDeletion.DELETED : RuleDeletion.NOT_FOUND;
    });
  }

  private static ApplicationCredential withRules(Handle h, ApplicationCredential c) {
    List<AccessRule> rules = h.createQuery("SELECT r.id, r.user_id, r.service, r.path, r.method"
            + " FROM access_rule r JOIN application_credential_access_rule l"
            + " ON l.access_rule_id = r.id WHERE l.application_credential_id = :c ORDER BY r.id")
        .bind("c", c.id())
        .map(ApplicationCredentialStore::mapRule)
        .list();
    return new ApplicationCredential(c.id(), c.name(), c.secretHash(), c.description(), c.userId(),
        c.projectId(), c.expiresAtMicros(), c.unrestricted(), c.roleIds(), rules);
  }

  private static String rolesText(List<String> roleIds) {
    ArrayNode a = Json.array();
    roleIds.forEach(a::add);
    return Json.text(a);
  }

  private static ApplicationCredential map(ResultSet rs) throws SQLException {
    long us = rs.getLong("expires_at_us");
    Long micros = rs.wasNull() ? null : us;
    if (micros == null) {
      long ms = rs.getLong("expires_at");
      micros = rs.wasNull() ? null : ms * 1000L;
    }
    List<String> roles = new ArrayList<>();
    JsonNode r = Json.parse(rs.getString("roles"));
    r.forEach(n -> roles.add(n.asText()));
    return new ApplicationCredential(rs.getString("id"), rs.getString("name"),
        rs.getString("secret_hash"), rs.getString("description"), rs.getString("user_id"),
        rs.getString("project_id"), micros, rs.getBoolean("unrestricted"), List.copyOf(roles),
        List.of());
  }

  static AccessRule mapRule(ResultSet rs, StatementContext ctx) throws SQLException {
    return new AccessRule(rs.getString("id"), rs.getString("user_id"), rs.getString("service"),
        rs.getString("path"), rs.getString("method"));
  }
}
