package dev.altus.network.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The blocks of subnet pools held by subnets. Every change that depends on what a pool holds
 * (handing out a block, deleting the pool) runs in one transaction holding the pool's row lock, so
 * concurrent requests, on this controller or another one sharing the database, see each other's
 * allocations and can never hand out overlapping blocks.
 */
public final class SubnetPoolStore {
  /** A block held by a subnet. */
  public record Allocation(String subnetId, String projectId, String cidr) {}

  /** What a locked pool looks like to the code deciding on it. */
  public record Locked(ObjectNode pool, List<Allocation> allocations) {}

  private final Jdbi jdbi;

  public SubnetPoolStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Locks the pool's row, shows {@code decide} the pool and its allocations, and records the block
   * it returns for {@code subnetId}, all in one transaction. Empty if the pool no longer exists;
   * an exception from {@code decide} rolls everything back.
   */
  public Optional<Allocation> allocate(String poolId, String subnetId, String projectId,
      Function<Locked, String> decide) {
    return jdbi.inTransaction(h -> {
      Optional<Locked> locked = lock(h, poolId);
      if (locked.isEmpty()) {
        return Optional.<Allocation>empty();
      }
      String cidr = decide.apply(locked.get());
      h.createUpdate("INSERT INTO neutron_subnetpool_allocation (subnet_id, subnetpool_id,"
              + " project_id, cidr) VALUES (:s, :p, :project, :cidr)")
          .bind("s", subnetId).bind("p", poolId).bind("project", projectId).bind("cidr", cidr)
          .execute();
      return Optional.of(new Allocation(subnetId, projectId, cidr));
    });
  }

  /**
   * Runs {@code work} on the locked pool within one transaction (for deleting or changing a pool
   * while no block can be handed out from it); empty if the pool no longer exists.
   */
  public <T> Optional<T> withLocked(String poolId, java.util.function.BiFunction<Handle, Locked, T> work) {
    return jdbi.inTransaction(h -> lock(h, poolId).map(l -> work.apply(h, l)));
  }

  private static Optional<Locked> lock(Handle h, String poolId) {
    Optional<String> body = h.createQuery("SELECT body FROM neutron_resource"
            + " WHERE id = :id AND kind = 'subnetpool' FOR UPDATE")
        .bind("id", poolId).mapTo(String.class).findOne();
    if (body.isEmpty()) {
      return Optional.empty();
    }
    List<Allocation> held = h.createQuery("SELECT subnet_id, project_id, cidr FROM"
            + " neutron_subnetpool_allocation WHERE subnetpool_id = :p ORDER BY cidr")
        .bind("p", poolId)
        .map((rs, ctx) -> new Allocation(rs.getString(1), rs.getString(2), rs.getString(3)))
        .list();
    return Optional.of(new Locked(ResourceStore.doc(body.get()), held));
  }

  public void release(String subnetId) {
    jdbi.useHandle(h -> h.execute(
        "DELETE FROM neutron_subnetpool_allocation WHERE subnet_id = ?", subnetId));
  }

  public int count(String poolId) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT COUNT(*) FROM neutron_subnetpool_allocation WHERE subnetpool_id = :p")
        .bind("p", poolId).mapTo(Integer.class).one());
  }
}
