package dev.altus.identity.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.altus.common.json.Json;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Domain-specific configuration options ({@code /v3/domains/{id}/config}). Each value is kept as
 * JSON so its type (string, number, boolean, list) survives; sensitive options are flagged.
 */
public final class DomainConfigStore {
  /** One option of one group of a domain's configuration. */
  public record Option(String group, String option, JsonNode value, boolean sensitive) {}

  private final Jdbi jdbi;

  public DomainConfigStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Every option of a domain, ordered by group and option. */
  public List<Option> options(String domainId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT config_group, config_option, config_value, sensitive"
                + " FROM domain_config WHERE domain_id = :d ORDER BY config_group, config_option")
            .bind("d", domainId)
            .map((rs, c) -> new Option(rs.getString(1), rs.getString(2), Json.parse(rs.getString(3)),
                rs.getBoolean(4)))
            .list());
  }

  /** Replaces a domain's whole configuration. */
  public void replace(String domainId, List<Option> options) {
    jdbi.useTransaction(h -> {
      h.createUpdate("DELETE FROM domain_config WHERE domain_id = :d").bind("d", domainId).execute();
      for (Option o : options) {
        insert(h, domainId, o);
      }
    });
  }

  /** Sets (creates or overwrites) the given options, leaving the others alone. */
  public void upsert(String domainId, List<Option> options) {
    jdbi.useTransaction(h -> {
      for (Option o : options) {
        h.createUpdate("DELETE FROM domain_config WHERE domain_id = :d AND config_group = :g"
                + " AND config_option = :o")
            .bind("d", domainId)
            .bind("g", o.group())
            .bind("o", o.option())
            .execute();
        insert(h, domainId, o);
      }
    });
  }

  /** Deletes the whole configuration, one group ({@code option} null) or one option. */
  public void delete(String domainId, String group, String option) {
    jdbi.useHandle(h -> {
      StringBuilder sql = new StringBuilder("DELETE FROM domain_config WHERE domain_id = :d");
      if (group != null) {
        sql.append(" AND config_group = :g");
      }
      if (option != null) {
        sql.append(" AND config_option = :o");
      }
      var u = h.createUpdate(sql.toString()).bind("d", domainId);
      if (group != null) {
        u.bind("g", group);
      }
      if (option != null) {
        u.bind("o", option);
      }
      u.execute();
    });
  }

  private static void insert(org.jdbi.v3.core.Handle h, String domainId, Option o) {
    h.createUpdate("INSERT INTO domain_config (domain_id, config_group, config_option,"
            + " config_value, sensitive) VALUES (:d, :g, :o, :v, :s)")
        .bind("d", domainId)
        .bind("g", o.group())
        .bind("o", o.option())
        .bind("v", Json.text(o.value()))
        .bind("s", o.sensitive())
        .execute();
  }
}
