package dev.altus.identity.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Regions, services and endpoints: what the service catalog is built from. */
public final class CatalogStore {
  /** A catalog service; {@code extra} holds name, description and any other attributes. */
  public record Service(String id, String type, boolean enabled, ObjectNode extra) {
    public String name() {
      return extra.path("name").asText("");
    }
  }

  /** A service endpoint. */
  public record Endpoint(
      String id, String serviceId, String regionId, String iface, String url, boolean enabled,
      ObjectNode extra) {}

  /** A region. */
  public record Region(String id, String description, String parentRegionId, ObjectNode extra) {}

  private final Jdbi jdbi;

  public CatalogStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<Service> services() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT id, type, enabled, extra FROM service ORDER BY id")
            .map((rs, c) -> new Service(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                JsonColumn.object(rs.getString(4))))
            .list());
  }

  public Optional<Service> service(String id) {
    return services().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public void insertService(Service s) {
    jdbi.useHandle(
        h -> h.createUpdate("INSERT INTO service (id, type, enabled, extra) VALUES (:i, :t, :e, :x)")
            .bind("i", s.id())
            .bind("t", s.type())
            .bind("e", s.enabled())
            .bind("x", JsonColumn.text(s.extra()))
            .execute());
  }

  public void updateService(Service s) {
    jdbi.useHandle(
        h -> h.createUpdate("UPDATE service SET type = :t, enabled = :e, extra = :x WHERE id = :i")
            .bind("i", s.id())
            .bind("t", s.type())
            .bind("e", s.enabled())
            .bind("x", JsonColumn.text(s.extra()))
            .execute());
  }

  public boolean deleteService(String id) {
    return jdbi.withHandle(
        h -> h.createUpdate("DELETE FROM service WHERE id = :i").bind("i", id).execute() > 0);
  }

  public List<Endpoint> endpoints() {
    return jdbi.withHandle(
        h -> h.createQuery(
                "SELECT id, service_id, region_id, interface, url, enabled, extra FROM endpoint ORDER BY id")
            .map((rs, c) -> new Endpoint(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getBoolean(6), JsonColumn.object(rs.getString(7))))
            .list());
  }

  public Optional<Endpoint> endpoint(String id) {
    return endpoints().stream().filter(e -> e.id().equals(id)).findFirst();
  }

  public void insertEndpoint(Endpoint e) {
    jdbi.useHandle(
        h -> h.createUpdate(
                "INSERT INTO endpoint (id, service_id, region_id, interface, url, enabled, extra)"
                    + " VALUES (:i, :s, :r, :f, :u, :e, :x)")
            .bind("i", e.id())
            .bind("s", e.serviceId())
            .bind("r", e.regionId())
            .bind("f", e.iface())
            .bind("u", e.url())
            .bind("e", e.enabled())
            .bind("x", JsonColumn.text(e.extra()))
            .execute());
  }

  public void updateEndpoint(Endpoint e) {
    jdbi.useHandle(
        h -> h.createUpdate(
                "UPDATE endpoint SET service_id = :s, region_id = :r, interface = :f, url = :u,"
                    + " enabled = :e, extra = :x WHERE id = :i")
            .bind("i", e.id())
            .bind("s", e.serviceId())
            .bind("r", e.regionId())
            .bind("f", e.iface())
            .bind("u", e.url())
            .bind("e", e.enabled())
            .bind("x", JsonColumn.text(e.extra()))
            .execute());
  }

  public boolean deleteEndpoint(String id) {
    return jdbi.withHandle(
        h -> h.createUpdate("DELETE FROM endpoint WHERE id = :i").bind("i", id).execute() > 0);
  }

  public List<Region> regions() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT id, description, parent_region_id, extra FROM region ORDER BY id")
            .map((rs, c) -> new Region(rs.getString(1), rs.getString(2), rs.getString(3),
                JsonColumn.object(rs.getString(4))))
            .list());
  }

  public Optional<Region> region(String id) {
    return regions().stream().filter(r -> r.id().equals(id)).findFirst();
  }

  public void insertRegion(Region r) {
    jdbi.useHandle(
        h -> h.createUpdate(
                "INSERT INTO region (id, description, parent_region_id, extra) VALUES (:i, :d, :p, :x)")
            .bind("i", r.id())
            .bind("d", r.description() == null ? "" : r.description())
            .bind("p", r.parentRegionId())
            .bind("x", JsonColumn.text(r.extra()))
            .execute());
  }

  public void updateRegion(Region r) {
    jdbi.useHandle(
        h -> h.createUpdate(
                "UPDATE region SET description = :d, parent_region_id = :p, extra = :x WHERE id = :i")
            .bind("i", r.id())
            .bind("d", r.description() == null ? "" : r.description())
            .bind("p", r.parentRegionId())
            .bind("x", JsonColumn.text(r.extra()))
            .execute());
  }

  public boolean deleteRegion(String id) {
    return jdbi.withHandle(
        h -> h.createUpdate("DELETE FROM region WHERE id = :i").bind("i", id).execute() > 0);
  }

  /** Deletes the given regions (a region and its descendants) in one transaction. */
  public void deleteRegions(List<String> ids) {
    jdbi.useTransaction(h -> {
      for (String id : ids) {
        h.createUpdate("DELETE FROM region WHERE id = :i").bind("i", id).execute();
      }
    });
  }
}
