package dev.altus.image.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import dev.altus.image.model.MetadefItem;
import dev.altus.image.model.MetadefNamespace;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The metadata definition tables. */
public final class MetadefRecords {
  private final Jdbi jdbi;

  public MetadefRecords(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Inserts a namespace with its initial items in one transaction. */
  public void insert(MetadefNamespace n, List<MetadefItem> items) {
    jdbi.useTransaction(h -> {
      h.createUpdate("INSERT INTO metadef_namespaces (namespace, display_name, description,"
              + " visibility, protected, owner, created_at, updated_at) VALUES (:n, :d, :desc, :v,"
              + " :p, :o, :c, :u)")
          .bind("n", n.namespace()).bind("d", n.displayName()).bind("desc", n.description())
          .bind("v", n.visibility()).bind("p", n.isProtected()).bind("o", n.owner())
          .bind("c", n.createdAt().toEpochMilli()).bind("u", n.updatedAt().toEpochMilli())
          .execute();
      for (MetadefItem i : items) {
        insertItem(h, i);
      }
    });
  }

  public boolean update(String oldName, MetadefNamespace n) {
    return jdbi.inTransaction(h -> {
      if (!oldName.equals(n.namespace())) {
        // rename: move the items along (no cascade on update in every database)
        h.createUpdate("INSERT INTO metadef_namespaces (namespace, display_name, description,"
                + " visibility, protected, owner, created_at, updated_at) VALUES (:n, :d, :desc,"
                + " :v, :p, :o, :c, :u)")
            .bind("n", n.namespace()).bind("d", n.displayName()).bind("desc", n.description())
            .bind("v", n.visibility()).bind("p", n.isProtected()).bind("o", n.owner())
            .bind("c", n.createdAt().toEpochMilli()).bind("u", n.updatedAt().toEpochMilli())
            .execute();
        h.createUpdate("UPDATE metadef_items SET namespace = :n WHERE namespace = :old")
            .bind("n", n.namespace()).bind("old", oldName).execute();
        return h.createUpdate("DELETE FROM metadef_namespaces WHERE namespace = :old")
            .bind("old", oldName).execute() == 1;
      }
      return h.createUpdate("UPDATE metadef_namespaces SET display_name = :d, description = :desc,"
              + " visibility = :v, protected = :p, owner = :o, updated_at = :u WHERE namespace = :n")
          .bind("n", n.namespace()).bind("d", n.displayName()).bind("desc", n.description())
          .bind("v", n.visibility()).bind("p", n.isProtected()).bind("o", n.owner())
          .bind("u", n.updatedAt().toEpochMilli()).execute() == 1;
    });
  }

  public Optional<MetadefNamespace> find(String namespace) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM metadef_namespaces WHERE namespace = :n")
        .bind("n", namespace).map((rs, ctx) -> namespace(rs)).findOne());
  }

  public List<MetadefNamespace> all() {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM metadef_namespaces ORDER BY created_at,"
        + " namespace").map((rs, ctx) -> namespace(rs)).list());
  }

  public boolean delete(String namespace) {
    return jdbi.inTransaction(h -> {
      h.createUpdate("DELETE FROM metadef_items WHERE namespace = :n").bind("n", namespace).execute();
      return h.createUpdate("DELETE FROM metadef_namespaces WHERE namespace = :n")
          .bind("n", namespace).execute() == 1;
    });
  }

  public List<MetadefItem> items(String namespace, String kind) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM metadef_items WHERE namespace = :n"
            + " AND kind = :k ORDER BY created_at, name").bind("n", namespace).bind("k", kind)
        .map((rs, ctx) -> item(rs)).list());
  }

  public Optional<MetadefItem> item(String namespace, String kind, String name) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM metadef_items WHERE namespace = :n"
            + " AND kind = :k AND name = :name").bind("n", namespace).bind("k", kind)
        .bind("name", name).map((rs, ctx) -> item(rs)).findOne());
  }

  public void insertItem(MetadefItem i) {
    jdbi.useHandle(h -> insertItem(h, i));
  }

  private static void insertItem(org.jdbi.v3.core.Handle h, MetadefItem i) {
    h.createUpdate("INSERT INTO metadef_items (namespace, kind, name, body, created_at, updated_at)"
            + " VALUES (:n, :k, :name, :b, :c, :u)")
        .bind("n", i.namespace()).bind("k", i.kind()).bind("name", i.name())
        .bind("b", Json.text(i.body())).bind("c", i.createdAt().toEpochMilli())
        .bind("u", i.updatedAt().toEpochMilli()).execute();
  }

  /** Replaces an item, possibly under a new name; false if the old one is gone. */
  public boolean replaceItem(String oldName, MetadefItem i) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE metadef_items SET name = :name, body = :b,"
            + " updated_at = :u WHERE namespace = :n AND kind = :k AND name = :old")
        .bind("n", i.namespace()).bind("k", i.kind()).bind("name", i.name()).bind("old", oldName)
        .bind("b", Json.text(i.body())).bind("u", i.updatedAt().toEpochMilli()).execute()) == 1;
  }

  public boolean deleteItem(String namespace, String kind, String name) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM metadef_items WHERE namespace = :n"
            + " AND kind = :k AND name = :name").bind("n", namespace).bind("k", kind)
        .bind("name", name).execute()) == 1;
  }

  /** Replaces every item of one kind (e.g. all tags) in one transaction. */
  public void replaceAll(String namespace, String kind, List<MetadefItem> items) {
    jdbi.useTransaction(h -> {
      h.createUpdate("DELETE FROM metadef_items WHERE namespace = :n AND kind = :k")
          .bind("n", namespace).bind("k", kind).execute();
      for (MetadefItem i : items) {
        insertItem(h, i);
      }
    });
  }

  /** Adds the resource types that are missing; existing ones keep their times. */
  public void ensureResourceTypes(List<String> names, Instant now) {
    jdbi.useTransaction(h -> {
      for (String n : names) {
        int have = h.createQuery("SELECT COUNT(*) FROM metadef_resource_types WHERE name = :n")
            .bind("n", n).mapTo(Integer.class).one();
        if (have == 0) {
          h.createUpdate("INSERT INTO metadef_resource_types (name, protected, created_at,"
                  + " updated_at) VALUES (:n, TRUE, :t, :t)")
              .bind("n", n).bind("t", now.toEpochMilli()).execute();
        }
      }
    });
  }

  /** Resource type names and when each was added. */
  public List<Map.Entry<String, Instant>> resourceTypes() {
    return jdbi.withHandle(h -> h.createQuery("SELECT name, created_at FROM metadef_resource_types"
            + " ORDER BY name")
        .map((rs, ctx) -> Map.entry(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)))).list());
  }

  private static MetadefNamespace namespace(ResultSet rs) throws SQLException {
    return new MetadefNamespace(rs.getString("namespace"), rs.getString("display_name"),
        rs.getString("description"), rs.getString("visibility"), rs.getBoolean("protected"),
        rs.getString("owner"), Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("updated_at")));
  }

  private static MetadefItem item(ResultSet rs) throws SQLException {
    return new MetadefItem(rs.getString("namespace"), rs.getString("kind"), rs.getString("name"),
        (ObjectNode) Json.parse(rs.getString("body")), Instant.ofEpochMilli(rs.getLong("created_at")),
        Instant.ofEpochMilli(rs.getLong("updated_at")));
  }
}
