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
 * beside it for lookups.
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
    jdbi.useHandle(h -> insert(h, kind, doc));
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
  }

  /** Replaces a document; false if it no longer exists. */
  public boolean update(String kind, ObjectNode doc) {
    return jdbi.withHandle(h -> update(h, kind, doc));
  }

  public boolean update(Handle h, String kind, ObjectNode doc) {
    return h.createUpdate("UPDATE neutron_resource SET body = :body, project_id = :project"
            + " WHERE id = :id AND kind = :kind")
        .bind("id", doc.path("id").asText())
        .bind("kind", kind)
        .bind("project", text(doc, "project_id"))
        .bind("body", Json.text(doc))
        .execute() == 1;
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
    return jdbi.withHandle(h -> delete(h, kind, id));
  }

  public boolean delete(Handle h, String kind, String id) {
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
