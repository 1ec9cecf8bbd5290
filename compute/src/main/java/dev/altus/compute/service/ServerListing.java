package dev.altus.compute.service;

import dev.altus.common.error.ApiException;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerPort;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.store.ServerFilter;
import dev.altus.compute.store.ServerPortStore;
import dev.altus.compute.store.ServerStore;
import dev.altus.compute.store.ServerTagStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Lists servers: the database narrows by project, state, flavor, image, times; the rest (name
 * and address patterns, tags, statuses with task states) is filtered here; then sorted (newest
 * first unless asked otherwise) and paged with limit and marker.
 */
public final class ServerListing {
  /** One page, and whether a next page exists. */
  public record Page(List<Server> servers, boolean more) {}

  private static final Map<String, Function<Server, Comparable<?>>> KEYS = Map.ofEntries(
      Map.entry("created_at", Server::createdAt),
      Map.entry("updated_at", Server::updatedAt),
      Map.entry("display_name", Server::name),
      Map.entry("uuid", Server::id),
      Map.entry("id", Server::seq),
      Map.entry("host", s -> s.host()),
      Map.entry("node", s -> s.node()),
      Map.entry("vm_state", Server::vmState),
      Map.entry("task_state", s -> s.taskState()),
      Map.entry("power_state", Server::powerState),
      Map.entry("launched_at", s -> s.launchedAt()),
      Map.entry("terminated_at", s -> s.terminatedAt()),
      Map.entry("availability_zone", s -> s.availabilityZone()),
      Map.entry("key_name", s -> s.keyName()),
      Map.entry("locked", Server::locked),
      Map.entry("hostname", Server::hostname),
      Map.entry("reservation_id", Server::reservationId),
      Map.entry("project_id", Server::projectId),
      Map.entry("user_id", Server::userId),
      Map.entry("launch_index", Server::launchIndex),
      Map.entry("config_drive", Server::configDrive),
      Map.entry("image_ref", s -> s.imageRef()),
      Map.entry("instance_type_id", s -> s.flavor().id()),
      Map.entry("display_description", s -> s.description()),
      Map.entry("access_ip_v4", s -> s.accessIpv4()),
      Map.entry("access_ip_v6", s -> s.accessIpv6()),
      Map.entry("progress", s -> 0),
      Map.entry("root_device_name", s -> "/dev/vda"),
      Map.entry("kernel_id", s -> ""),
      Map.entry("ramdisk_id", s -> ""),
      Map.entry("user_data", s -> s.userData()),
      Map.entry("vcpus", s -> s.flavor().vcpus()),
      Map.entry("memory_mb", s -> s.flavor().memoryMb()),
      Map.entry("root_gb", s -> s.flavor().rootGb()),
      Map.entry("ephemeral_gb", s -> s.flavor().ephemeralGb()),
      Map.entry("deleted", Server::deleted));

  private final ServerStore servers;
  private final ServerTagStore tags;
  private final ServerPortStore ports;

  public ServerListing(ServerStore servers, ServerTagStore tags, ServerPortStore ports) {
    this.servers = servers;
    this.tags = tags;
    this.ports = ports;
  }

  public static boolean validSortKey(String key) {
    return KEYS.containsKey(key);
  }

  public Page list(ServerListQuery q) {
    ServerFilter f = new ServerFilter().project(q.projectId()).user(q.userId())
        .deleted(q.deleted()).host(q.host()).flavor(q.flavorId()).image(q.imageRef())
        .reservation(q.reservationId()).changedSince(q.changesSince())
        .changedBefore(q.changesBefore()).locked(q.locked());
    if (q.vmStates() != null) {
      f.vmStates(q.vmStates());
    }
    List<Server> rows = servers.select(f);
    List<Server> out = new ArrayList<>();
    Map<String, List<String>> tagsOf = needsTags(q) ? tags.ofAll(ids(rows)) : Map.of();
    Map<String, List<ServerPort>> portsOf = q.ip() != null || q.ip6() != null
        ? ports.ofAll(ids(rows)) : Map.of();
    for (Server s : rows) {
      if (matches(q, s, tagsOf.getOrDefault(s.id(), List.of()),
          portsOf.getOrDefault(s.id(), List.of()))) {
        out.add(s);
      }
    }
    out.sort(comparator(q));
    int start = 0;
    if (q.marker() != null) {
      start = -1;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).id().equals(q.marker())) {
          start = i + 1;
          break;
        }
      }
      if (start < 0) {
        throw ApiException.badRequest("marker [" + q.marker() + "] not found");
      }
    }
    int end = (int) Math.min(out.size(), (long) start + q.limit());
    return new Page(new ArrayList<>(out.subList(Math.min(start, out.size()), end)),
        end < out.size());
  }

  private static boolean needsTags(ServerListQuery q) {
    return q.tags() != null || q.tagsAny() != null || q.notTags() != null
        || q.notTagsAny() != null;
  }

  private static List<String> ids(List<Server> rows) {
    return rows.stream().map(Server::id).toList();
  }

  private static boolean matches(ServerListQuery q, Server s, List<String> tags,
      List<ServerPort> ports) {
    if (q.statuses() != null && !statusMatches(q.statuses(), s)) {
      return false;
    }
    if (q.taskStates() != null && !q.taskStates().contains(s.taskState())) {
      return false;
    }
    if (q.name() != null && !q.name().matcher(s.name()).find()) {
      return false;
    }
    if (q.description() != null && (s.description() == null
        || !q.description().matcher(s.description()).find())) {
      return false;
    }
    if (q.node() != null && !q.node().equals(s.node())) {
      return false;
    }
    if (q.availabilityZone() != null && !q.availabilityZone().equals(s.availabilityZone())) {
      return false;
    }
    if (q.keyName() != null && !q.keyName().equals(s.keyName())) {
      return false;
    }
    if (q.hostname() != null && !q.hostname().equals(s.hostname())) {
      return false;
    }
    if (q.powerState() != null && q.powerState() != s.powerState()) {
      return false;
    }
    if (q.ip() != null && !addressMatches(ports, q.ip(), 4)) {
      return false;
    }
    if (q.ip6() != null && !addressMatches(ports, q.ip6(), 6)) {
      return false;
    }
    Set<String> have = new HashSet<>(tags);
    if (q.tags() != null && !have.containsAll(q.tags())) {
      return false;
    }
    if (q.tagsAny() != null && q.tagsAny().stream().noneMatch(have::contains)) {
      return false;
    }
    if (q.notTags() != null && have.containsAll(q.notTags())) {
      return false;
    }
    if (q.notTagsAny() != null && q.notTagsAny().stream().anyMatch(have::contains)) {
      return false;
    }
    return true;
  }

  private static boolean statusMatches(List<String> statuses, Server s) {
    return statuses.stream().anyMatch(st -> st.equalsIgnoreCase(s.status()));
  }

  private static boolean addressMatches(List<ServerPort> ports, java.util.regex.Pattern p,
      int version) {
    for (ServerPort port : ports) {
      for (ServerPort.Address a : port.addresses()) {
        if (a.version() == version && p.matcher(a.addr()).find()) {
          return true;
        }
      }
    }
    return false;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<Server> comparator(ServerListQuery q) {
    List<String> keys = q.sortKeys().isEmpty() ? List.of("created_at") : q.sortKeys();
    Comparator<Server> c = null;
    for (int i = 0; i < keys.size(); i++) {
      Function<Server, Comparable<?>> key = KEYS.get(keys.get(i));
      boolean desc = i < q.sortDirs().size() ? q.sortDirs().get(i).equals("desc")
          : q.sortDirs().isEmpty() || q.sortDirs().get(0).equals("desc");
      Comparator<Server> one = Comparator.comparing(s -> (Comparable) key.apply(s),
          Comparator.nullsFirst(Comparator.naturalOrder()));
      if (desc) {
        one = one.reversed();
      }
      c = c == null ? one : c.thenComparing(one);
    }
    // ties broken by id, newest first, so pages never overlap
    Comparator<Server> tie = Comparator.comparingLong(Server::seq).reversed();
    return Objects.requireNonNull(c).thenComparing(tie);
  }
}
