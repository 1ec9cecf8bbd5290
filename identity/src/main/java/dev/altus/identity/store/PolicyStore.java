package dev.altus.identity.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Policy documents kept for services ({@code /v3/policies}): a type and an opaque blob. */
public final class PolicyStore {
  /** A stored policy; {@code extra} holds any other attributes the client sent. */
  public record PolicyDoc(String id, String type, String blob, ObjectNode extra) {}

  private final Jdbi jdbi;

  public PolicyStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<PolicyDoc> list() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT id, type, blob, extra FROM policy ORDER BY id")
            .map((rs, c) -> new PolicyDoc(rs.getString(1), rs.getString(2), rs.getString(3),
                JsonColumn.object(rs.getString(4))))
            .list());
  }

  public Optional<PolicyDoc> find(String id) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT id, type, blob, extra FROM policy WHERE id = :i")
            .bind("i", id)
            .map((rs, c) -> new PolicyDoc(rs.getString(1), rs.getString(2), rs.getString(3),
                JsonColumn.object(rs.getString(4))))
            .findOne());
  }

  public void insert(PolicyDoc p) {
    jdbi.useHandle(
        h -> h.createUpdate("INSERT INTO policy (id, type, blob, extra) VALUES (:i, :t, :b, :x)")
            .bind("i", p.id())
            .bind("t", p.type())
            .bind("b", p.blob())
            .bind("x", JsonColumn.text(p.extra()))
            .execute());
  }

  public void update(PolicyDoc p) {
    jdbi.useHandle(
        h -> h.createUpdate("UPDATE policy SET type = :t, blob = :b, extra = :x WHERE id = :i")
            .bind("i", p.id())
            .bind("t", p.type())
            .bind("b", p.blob())
            .bind("x", JsonColumn.text(p.extra()))
            .execute());
  }

  public boolean delete(String id) {
    return jdbi.withHandle(
        h -> h.createUpdate("DELETE FROM policy WHERE id = :i").bind("i", id).execute() > 0);
  }
}
