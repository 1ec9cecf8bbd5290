package dev.altus.network.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.json.Json;
import dev.altus.network.agent.ChangeFeed;
import dev.altus.network.ipam.Cidr;
import dev.altus.network.ipam.PrefixSet;
import dev.altus.network.store.ResourceStore;
import dev.altus.network.store.SubnetPoolStore;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Subnet pools (subnet_allocation): the prefixes subnets may be cut from, the prefix lengths they
 * may have, a per-project quota of addresses, one default pool per IP version; and handing out
 * blocks to subnets without overlap.
 */
public final class SubnetPoolService {
  private static final Set<String> CREATE = Set.of("name", "description", "prefixes",
      "default_prefixlen", "min_prefixlen", "max_prefixlen", "shared", "is_default",
      "default_quota", "address_scope_id", "tenant_id", "project_id");
  private static final Set<String> UPDATE = Set.of("name", "description", "prefixes",
      "default_prefixlen", "min_prefixlen", "max_prefixlen", "is_default", "default_quota",
      "address_scope_id");
  static final String KIND = "subnetpool";
  private final ResourceStore store;
  private final SubnetPoolStore pools;
  private final Access access;
  private final Quotas quotas;
  private final ChangeFeed feed;
  private final Clock clock;
  private final Locks locks;

  public SubnetPoolService(ResourceStore store, SubnetPoolStore pools, Access access,
      Quotas quotas, ChangeFeed feed, Clock clock, Locks locks) {
    this.store = store;
    this.pools = pools;
    this.access = access;
    this.quotas = quotas;
    this.feed = feed;
    this.clock = clock;
    this.locks = locks;
  }

  public ObjectNode create(RequestContext ctx, JsonNode in) {
    Docs.allowOnly(in, KIND, CREATE);
    ObjectNode target = Access.createTarget(in, Docs.owner(ctx, in));
    access.enforce("create_subnetpool", ctx, target);
    access.enforceAttributes("create_subnetpool", ctx, in, target, null);
    if (!in.has("name")) {
      throw Errors.badRequest("Failed to parse request. Required attribute 'name' not specified");
    }
    if (!in.has("prefixes")) {
      throw Errors.badRequest("Failed to parse request. Required attribute 'prefixes' not specified");
    }
    String project = Docs.owner(ctx, in);
    quotas.check(project, "subnetpool", 1);
    ObjectNode d = Docs.create(clock, Docs.newId(), project, in);
    d.put("name", name(in));
    List<Cidr> prefixes = prefixes(in);
    int version = prefixes.get(0).version();
    setPrefixes(d, prefixes);
    d.put("ip_version", version);
    Integer min = prefixlen(in, "min_prefixlen");
    Integer max = prefixlen(in, "max_prefixlen");
    d.put("min_prefixlen", min == null ? (version == 4 ? 8 : 64) : min);
    d.put("max_prefixlen", max == null ? (version == 4 ? 32 : 128) : max);
    Integer dflt = prefixlen(in, "default_prefixlen");
    d.put("default_prefixlen", dflt == null ? d.get("min_prefixlen").asInt() : dflt);
    checkBounds(d);
    Integer quota = prefixlen(in, "default_quota");
    if (quota == null) {
      d.putNull("default_quota");
    } else {
      d.put("default_quota", quota);
    }
    addressScope(in);
    d.putNull("address_scope_id");
    d.put("shared", Docs.bool(in, "shared", false));
    d.put("is_default", Docs.bool(in, "is_default", false));
    if (d.get("is_default").asBoolean()) {
      return locks.with("default-subnetpool", () -> {
        checkNoOtherDefault(version, d.get("id").asText());
        return insert(d);
      });
    }
    return insert(d);
  }

  private ObjectNode insert(ObjectNode d) {
    store.insert(KIND, d);
    feed.publish(KIND, "created", d);
    return d;
  }

  private static String name(JsonNode in) {
    String name = Docs.str(in, "name", "");
    if (name.isBlank()) {
      throw Errors.invalidInput("'" + name + "' Blank strings are not permitted");
    }
    return name;
  }

  private static void addressScope(JsonNode in) {
    String scope = Docs.nullableStr(in, "address_scope_id");
    if (scope != null) {
      throw Errors.notFound("AddressScopeNotFound", "Address scope " + scope
          + " could not be found");
    }
  }

  /** The requested prefixes: valid CIDRs of one IP version, no duplicates, at least one. */
  private static List<Cidr> prefixes(JsonNode in) {
    List<String> given = Docs.strings(in, "prefixes");
    if (given == null || given.isEmpty()) {
      throw Errors.badRequest("Empty subnet pool prefix list.");
    }
    List<Cidr> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String p : given) {
      if (!seen.add(p)) {
        throw Errors.invalidInput("Duplicate items in the list: '" + p + "'");
      }
      if (!p.contains("/")) {
        throw Errors.invalidInput("'" + p + "' isn't a recognized IP subnet cidr");
      }
      Cidr c;
      try {
        c = Cidr.parse(p, p.indexOf(':') < 0);
      } catch (IllegalArgumentException e) {
        throw Errors.invalidInput(e.getMessage().startsWith("'") ? e.getMessage()
            : "'" + p + "' is not a valid IP subnet");
      }
      if (!out.isEmpty() && out.get(0).version() != c.version()) {
        throw Errors.badRequest("Cannot mix IPv4 and IPv6 prefixes in a subnet pool.");
      }
      out.add(c);
    }
    return out;
  }

  private static void setPrefixes(ObjectNode d, List<Cidr> prefixes) {
    ArrayNode arr = d.putArray("prefixes");
    PrefixSet.compact(prefixes).forEach(c -> arr.add(c.toString()));
  }

  private static Integer prefixlen(JsonNode in, String field) {
    Integer v = Docs.integer(in, field);
    if (v != null && v < 0) {
      throw Errors.invalidInput("'" + v + "' should be non-negative");
    }
    return v;
  }

  private static void checkBounds(ObjectNode d) {
    int bits = d.get("ip_version").asInt() == 4 ? 32 : 128;
    int min = d.get("min_prefixlen").asInt();
    int max = d.get("max_prefixlen").asInt();
    int dflt = d.get("default_prefixlen").asInt();
    if (max > bits) {
      throw bounds("max_prefixlen", max, "ip_version_max", bits);
    }
    if (min > max) {
      throw bounds("min_prefixlen", min, "max_prefixlen", max);
    }
    if (dflt < min) {
      throw bounds("default_prefixlen", dflt, "min_prefixlen", min);
    }
    if (dflt > max) {
      throw bounds("default_prefixlen", dflt, "max_prefixlen", max);
    }
  }

  private static ApiException bounds(String type, int len, String base, int baseLen) {
    return new ApiException(400, "IllegalSubnetPoolPrefixBounds", "Illegal prefix bounds: "
        + type + "=" + len + ", " + base + "=" + baseLen + ".");
  }

  private void checkNoOtherDefault(int version, String except) {
    for (ObjectNode p : store.list(KIND)) {
      if (p.path("is_default").asBoolean() && p.path("ip_version").asInt() == version
          && !p.get("id").asText().equals(except)) {
        throw Errors.invalidInput("A default subnetpool for this IP family has already been set."
            + " Only one default may exist per IP family");
      }
    }
  }

  /** The pool if the caller may see it (admin, owner, or shared), else 404 SubnetPoolNotFound. */
  public ObjectNode get(RequestContext ctx, String id) {
    ObjectNode d = store.get(KIND, id).orElse(null);
    if (d == null || !visible(ctx, d)) {
      throw notFound(id);
    }
    return d;
  }

  private boolean visible(RequestContext ctx, JsonNode d) {
    return access.allowed("get_subnetpool", ctx, d);
  }

  static ApiException notFound(String id) {
    return Errors.notFound("SubnetPoolNotFound", "Subnet pool " + id + " could not be found.");
  }

  public List<ObjectNode> list(RequestContext ctx) {
    return store.list(KIND).stream().filter(p -> visible(ctx, p)).toList();
  }

  /** The default pool of an IP version, if one is marked so and the caller may see it. */
  public Optional<ObjectNode> defaultPool(RequestContext ctx, int version) {
    return list(ctx).stream().filter(p -> p.path("is_default").asBoolean()
        && p.path("ip_version").asInt() == version).findFirst();
  }

  public ObjectNode update(RequestContext ctx, String id, JsonNode in) {
    for (String readOnly : List.of("shared", "ip_version", "tenant_id", "project_id")) {
      if (in.has(readOnly)) {
        throw Errors.badRequest("Cannot update read-only attribute " + readOnly);
      }
    }
    Docs.allowOnly(in, KIND, UPDATE);
    ObjectNode seen = get(ctx, id);
    access.enforceOn("get_subnetpool", "update_subnetpool", ctx, seen, null, () -> notFound(id));
    access.enforceAttributes("update_subnetpool", ctx, in, seen, null);
    // the row lock keeps allocations from reading a half-changed pool
    return locks.with("default-subnetpool", () -> pools.withLocked(id, (h, locked) -> {
      ObjectNode d = locked.pool();
      if (in.has("name")) {
        d.put("name", name(in));
      }
      if (in.has("description")) {
        d.put("description", Docs.str(in, "description", ""));
      }
      if (in.has("prefixes")) {
        List<Cidr> next = prefixes(in);
        if (next.get(0).version() != d.get("ip_version").asInt()) {
          throw Errors.badRequest("Cannot mix IPv4 and IPv6 prefixes in a subnet pool.");
        }
        List<Cidr> old = cidrs(d);
        if (!PrefixSet.free(old, next).blocks().isEmpty()) {
          throw new ApiException(400, "IllegalSubnetPoolPrefixUpdate", "Illegal update to"
              + " prefixes: Existing prefixes must be a subset of the new prefixes.");
        }
        setPrefixes(d, next);
      }
      for (String f : List.of("min_prefixlen", "max_prefixlen", "default_prefixlen")) {
        if (in.has(f)) {
          Integer v = prefixlen(in, f);
          if (v == null) {
            throw Errors.invalidInput("'None' is not an integer");
          }
          d.put(f, v);
        }
      }
      checkBounds(d);
      if (in.has("default_quota")) {
        Integer q = prefixlen(in, "default_quota");
        if (q == null) {
          d.putNull("default_quota");
        } else {
          d.put("default_quota", q);
        }
      }
      if (in.has("address_scope_id")) {
        addressScope(in);
      }
      if (in.has("is_default")) {
        boolean dflt = Docs.bool(in, "is_default", null);
        if (dflt && !d.path("is_default").asBoolean()) {
          checkNoOtherDefault(d.get("ip_version").asInt(), id);
        }
        d.put("is_default", dflt);
      }
      Docs.touch(d, clock);
      store.update(h, KIND, d);
      return d;
    }).map(d -> {
      feed.publish(KIND, "updated", d);
      return d;
    }).orElseThrow(() -> notFound(id)));
  }

  public void delete(RequestContext ctx, String id) {
    ObjectNode seen = get(ctx, id);
    access.enforceOn("get_subnetpool", "delete_subnetpool", ctx, seen, null, () -> notFound(id));
    ObjectNode gone = pools.withLocked(id, (h, locked) -> {
      if (!locked.allocations().isEmpty()) {
        throw Errors.badRequest("Unable to delete subnet pool: Subnet pool has existing allocations.");
      }
      store.delete(h, KIND, id);
      return locked.pool();
    }).orElseThrow(() -> notFound(id));
    feed.publish(KIND, "deleted", gone);
  }

  private static List<Cidr> cidrs(JsonNode pool) {
    List<Cidr> out = new ArrayList<>();
    pool.path("prefixes").forEach(p -> out.add(Cidr.parse(p.asText(), false)));
    return out;
  }

  /**
   * Cuts a block for a new subnet from the pool: {@code requested} if given (it must lie in the
   * pool's free space), else the first free block of {@code prefixlen}. Checks the pool's prefix
   * length bounds and the project's address quota in the pool. The block is recorded for the
   * subnet before this returns; {@link #release} gives it back.
   */
  Cidr allocate(ObjectNode pool, String subnetId, String project, Cidr requested, int prefixlen) {
    String poolId = pool.get("id").asText();
    return pools.allocate(poolId, subnetId, project, locked -> {
      ObjectNode p = locked.pool();
      int max = p.get("max_prefixlen").asInt();
      int min = p.get("min_prefixlen").asInt();
      if (prefixlen > max) {
        throw new ApiException(400, "MaxPrefixSubnetAllocationError", "Unable to allocate subnet"
            + " with prefix length " + prefixlen + ", maximum allowed prefix is " + max + ".");
      }
      if (prefixlen < min) {
        throw new ApiException(400, "MinPrefixSubnetAllocationError", "Unable to allocate subnet"
            + " with prefix length " + prefixlen + ", minimum allowed prefix is " + min + ".");
      }
      checkQuota(p, locked.allocations(), project, prefixlen);
      List<Cidr> taken = locked.allocations().stream()
          .map(a -> Cidr.parse(a.cidr(), false)).toList();
      PrefixSet free = PrefixSet.free(cidrs(p), taken);
      if (requested != null) {
        if (!free.fits(requested)) {
          throw allocationError("Cannot allocate requested subnet from the available set of prefixes");
        }
        return requested.toString();
      }
      return free.allocate(prefixlen).map(Cidr::toString).orElseThrow(() -> allocationError(
          "Insufficient prefix space to allocate subnet size /" + prefixlen));
    }).map(a -> Cidr.parse(a.cidr(), false)).orElseThrow(() -> notFound(poolId));
  }

  private static ApiException allocationError(String reason) {
    return Errors.conflict("SubnetAllocationError", "Failed to allocate subnet: " + reason + ".");
  }

  /**
   * default_quota counts addresses (/32s) in IPv4 pools and /64 networks in IPv6 pools; compared
   * here in addresses so that blocks smaller than a unit count for their share.
   */
  private static void checkQuota(JsonNode pool, List<SubnetPoolStore.Allocation> held,
      String project, int prefixlen) {
    JsonNode q = pool.get("default_quota");
    if (q == null || q.isNull()) {
      return;
    }
    int bits = pool.get("ip_version").asInt() == 4 ? 32 : 128;
    int unit = bits == 32 ? 32 : 64;
    BigInteger used = BigInteger.ZERO;
    for (SubnetPoolStore.Allocation a : held) {
      if (project != null && project.equals(a.projectId())) {
        used = used.add(BigInteger.ONE.shiftLeft(bits - Cidr.parse(a.cidr(), false).prefix()));
      }
    }
    BigInteger limit = BigInteger.valueOf(q.asLong()).shiftLeft(bits - unit);
    if (used.add(BigInteger.ONE.shiftLeft(bits - prefixlen)).compareTo(limit) > 0) {
      throw Errors.conflict("SubnetPoolQuotaExceeded",
          "Per-tenant subnet pool prefix quota exceeded.");
    }
  }

  void release(String subnetId) {
    pools.release(subnetId);
  }
}
