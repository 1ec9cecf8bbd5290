package dev.altus.network.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Every Neutron resource (network, subnet, port, router, floating IP, security group and rule,
 * agent) as a JSON document of its API attributes, keyed by id, with its kind, owner and network
 * beside it for lookups, and the attributes of {@link ResourceKeys} in an index table written in
 * the same transaction as the document ({@link #listByKey}).
 */
public final class ResourceStore {
  private final Jdbi jdbi;

  public ResourceStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public void insert(String kind, ObjectNode doc) {
    if (ResourceKeys.indexed(kind)) {
      jdbi.useTransaction(h -> insert(h, kind, doc));
    } else {
      jdbi.useHandle(h -> insert(h, kind, doc));
    }
  }

  public void insert(Handle h, String kind, ObjectNode doc) {
    h.createUpdate("INSERT INTO neutron_resource (id, kind, project_id, network_id, body)"
            + " VALUES (:id, :kind, :project, :network, :body)")
        .bind("id", doc.path("id").asText())
        .bind("kind", kind)
        .bind("project", text(doc, "project_id"))
        .bind("network", networkOf(kind, doc))
        .bind("body", Json.text(doc))
        .execute();
    writeKeys(h, kind, doc);
  }

  /** Replaces a document; false if it no longer exists. */
  public boolean update(String kind, ObjectNode doc) {
    return ResourceKeys.indexed(kind) ? jdbi.inTransaction(h -> update(h, kind, doc))
        : jdbi.withHandle(h -> update(h, kind, doc));
  }

  public boolean update(Handle h, String kind, ObjectNode doc) {
    boolean found = h.createUpdate("UPDATE neutron_resource SET body = :body, project_id = :project"
            + " WHERE id = :id AND kind = :kind")
        .bind("id", doc.path("id").asText())
        .bind("kind", kind)
        .bind("project", text(doc, "project_id"))
        .bind("body", Json.text(doc))
        .execute() == 1;
    if (found && ResourceKeys.indexed(kind)) {
      deleteKeys(h, kind, doc.path("id").asText());
      writeKeys(h, kind, doc);
    }
    return found;
  }

  /**
   * The documents of a kind whose indexed attribute {@code attr} (one of {@link
   * ResourceKeys#INDEXED}) has the value {@code value}, by id: read through the index, whatever the
   * number of documents of the kind.
   */
  public List<ObjectNode> listByKey(String kind, String attr, String value) {
    if (!ResourceKeys.INDEXED.getOrDefault(kind, List.of()).contains(attr)) {
      throw new IllegalArgumentException(kind + "." + attr + " is not indexed");
    }
    if (value == null || value.isEmpty() || value.length() > ResourceKeys.MAX_VALUE) {
      return List.of();
    }
    return jdbi.withHandle(h -> h.createQuery("SELECT r.body FROM neutron_resource_key k"
            + " JOIN neutron_resource r ON r.id = k.id AND r.kind = k.kind"
            + " WHERE k.kind = :kind AND k.attr = :attr AND k.val = :val ORDER BY r.id")
        .bind("kind", kind).bind("attr", attr).bind("val", value)
        .mapTo(String.class).map(ResourceStore::doc).list());
  }

  /** Whether any document of a kind has that indexed value (reads one index entry at most). */
  public boolean existsByKey(String kind, String attr, String value) {
    return value != null && jdbi.withHandle(h -> h.createQuery("SELECT 1 FROM neutron_resource_key"
            + " WHERE kind = :kind AND attr = :attr AND val = :val LIMIT 1")
        .bind("kind", kind).bind("attr", attr).bind("val", value)
        .mapTo(Integer.class).findOne().isPresent());
  }

  /**
   * Indexes the documents written before the index existed (or by a version that indexed fewer
   * attributes: those without the marker row). Returns how many were indexed.
   */
  public int indexMissing() {
    int n = 0;
    for (String kind : ResourceKeys.INDEXED.keySet()) {
      n += jdbi.inTransaction(h -> {
        List<String> bodies = h.createQuery("SELECT body FROM neutron_resource r WHERE kind = :kind"
                + " AND NOT EXISTS (SELECT 1 FROM neutron_resource_key k WHERE k.kind = r.kind"
                + " AND k.id = r.id AND k.attr = '_')")
            .bind("kind", kind).mapTo(String.class).list();
        for (String b : bodies) {
          ObjectNode doc = doc(b);
          deleteKeys(h, kind, doc.path("id").asText());
          writeKeys(h, kind, doc);
        }
        return bodies.size();
      });
    }
    return n;
  }

  private static void writeKeys(Handle h, String kind, ObjectNode doc) {
    if (!ResourceKeys.indexed(kind)) {
      return;
    }
    String id = doc.path("id").asText();
    var batch = h.prepareBatch("INSERT INTO neutron_resource_key (kind, attr, val, id)"
        + " VALUES (:kind, :attr, :val, :id)");
    batch.bind("kind", kind).bind("attr", "_").bind("val", "").bind("id", id).add();
    for (var k : ResourceKeys.of(kind, doc)) {
      batch.bind("kind", kind).bind("attr", k.getKey()).bind("val", k.getValue()).bind("id", id).add();
    }
    batch.execute();
  }

  private static void deleteKeys(Handle h, String kind, String id) {
    h.createUpdate("DELETE FROM neutron_resource_key WHERE id = :id AND kind = :kind")
        .bind("id", id).bind("kind", kind).execute();
  }

  public Optional<ObjectNode> get(String kind, String id) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT body FROM neutron_resource WHERE id = :id AND kind = :kind")
        .bind("id", id).bind("kind", kind).mapTo(String.class).findOne().map(ResourceStore::doc));
  }

  public List<ObjectNode> list(String kind) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT body FROM neutron_resource WHERE kind = :kind ORDER BY id")
        .bind("kind", kind).mapTo(String.class).map(ResourceStore::doc).list());
  }

  /**
   * The documents of a kind whose stored JSON text passes {@code text}, by id. The test runs on
   * the text before it is parsed, so a list that can rule most documents out cheaply (a filter on
   * a value that must appear in the text) parses only the few that may match.
   */
  public List<ObjectNode> list(String kind, Predicate<String> text) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT body FROM neutron_resource WHERE kind = :kind ORDER BY id")
        .bind("kind", kind).mapTo(String.class).filter(text).map(ResourceStore::doc).list());
  }

  /** Every document of a kind as its stored JSON text, by id, unparsed. */
  public List<String> texts(String kind) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT body FROM neutron_resource WHERE kind = :kind ORDER BY id")
        .bind("kind", kind).mapTo(String.class).list());
  }

  /**
   * Up to {@code n} documents of a kind with ids after {@code afterId} (from the first when null),
   * by id: one page of a list, read without reading the rest.
   */
  public List<ObjectNode> listAfter(String kind, String afterId, int n) {
    return jdbi.withHandle(h -> {
      var q = h.createQuery("SELECT body FROM neutron_resource WHERE kind = :kind"
          + (afterId == null ? "" : " AND id > :after") + " ORDER BY id LIMIT :n");
      if (afterId != null) {
        q.bind("after", afterId);
      }
      return q.bind("kind", kind).bind("n", n).mapTo(String.class).map(ResourceStore::doc).list();
    });
  }

  public List<ObjectNode> listByNetwork(String kind, String networkId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT body FROM neutron_resource"
            + " WHERE kind = :kind AND network_id = :net ORDER BY id")
        .bind("kind", kind).bind("net", networkId).mapTo(String.class).map(ResourceStore::doc).list());
  }

  public int countByProject(String kind, String projectId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM neutron_resource"
            + " WHERE kind = :kind AND project_id = :p")
        .bind("kind", kind).bind("p", projectId).mapTo(Integer.class).one());
  }

  public boolean delete(String kind, String id) {
    return ResourceKeys.indexed(kind) ? jdbi.inTransaction(h -> delete(h, kind, id))
        : jdbi.withHandle(h -> delete(h, kind, id));
  }

  public boolean delete(Handle h, String kind, String id) {
    if (ResourceKeys.indexed(kind)) {
      deleteKeys(h, kind, id);
    }
    return h.createUpdate("DELETE FROM neutron_resource WHERE id = :id AND kind = :kind")
        .bind("id", id).bind("kind", kind).execute() == 1;
  }

  private static String networkOf(String kind, ObjectNode doc) {
    if (kind.equals("network")) {
      return doc.path("id").asText();
    }
    if (kind.equals("security_group_rule")) {
      return text(doc, "security_group_id");
    }
    return text(doc, "network_id");
  }

  private static String text(ObjectNode doc, String field) {
    var n = doc.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  static ObjectNode doc(String body) {
    return (ObjectNode) Json.parse(body);
  }
}
