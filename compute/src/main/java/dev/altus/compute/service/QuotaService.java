package dev.altus.compute.service;

import dev.altus.common.error.ApiException;
import dev.altus.compute.store.QuotaStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compute quotas as Nova's database driver keeps them: a limit set for a user overrides the
 * project's, which overrides the {@code default} quota class, which overrides the built-in
 * defaults; -1 is unlimited. Usage comes from what the project's servers hold ({@link
 * ProjectUsage}).
 */
public final class QuotaService implements QuotaLimits {
  /** Nova's quota resources with their built-in defaults, in the order Nova lists them. */
  public static final Map<String, Integer> BUILT_IN = builtIn();
  public static final String DEFAULT_CLASS = "default";

  private final QuotaStore store;
  private final ProjectUsage usage;
  private final Map<String, ResourceCount> counts = new java.util.concurrent.ConcurrentHashMap<>();

  /** How many of one resource a project (or one user in it, when userId is not null) holds. */
  @FunctionalInterface
  public interface ResourceCount {
    int of(String projectId, String userId);
  }

  public QuotaService(QuotaStore store, ProjectUsage usage) {
    this.store = store;
    this.usage = usage;
  }

  private static Map<String, Integer> builtIn() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("cores", 20);
    m.put("injected_files", 5);
    m.put("injected_file_content_bytes", 10240);
    m.put("injected_file_path_bytes", 255);
    m.put("instances", 10);
    m.put("key_pairs", 100);
    m.put("metadata_items", 128);
    m.put("ram", 51200);
    m.put("server_groups", 10);
    m.put("server_group_members", 10);
    // nova-network's quotas, kept (unlimited) so bodies keep their shape
    m.put("fixed_ips", -1);
    m.put("floating_ips", -1);
    m.put("security_groups", -1);
    m.put("security_group_rules", -1);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** A resource's limit with what is used of it. */
  public record Detail(int limit, int inUse) {}

  /** The limits of a quota class: its own rows over the built-in defaults. */
  public Map<String, Integer> classLimits(String className) {
    Map<String, Integer> out = new LinkedHashMap<>(BUILT_IN);
    out.putAll(store.classLimits(className));
    return out;
  }

  /** What a project gets unless it has its own limits: the default class. */
  public Map<String, Integer> defaults() {
    return classLimits(DEFAULT_CLASS);
  }

  public Map<String, Integer> projectLimits(String projectId) {
    Map<String, Integer> out = defaults();
    store.limits(projectId, null).forEach((k, v) -> {
      if (out.containsKey(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  @Override
  public Map<String, Integer> limits(String projectId, String userId) {
    Map<String, Integer> out = projectLimits(projectId);
    if (userId != null) {
      store.limits(projectId, userId).forEach((k, v) -> {
        if (out.containsKey(k)) {
          out.put(k, v);
        }
      });
    }
    return out;
  }

  /** Limits with usage, for the project or one user in it. */
  public Map<String, Detail> details(String projectId, String userId) {
    Map<String, Integer> used = used(projectId, userId);
    Map<String, Detail> out = new LinkedHashMap<>();
    limits(projectId, userId).forEach((k, v) -> out.put(k, new Detail(v,
        used.getOrDefault(k, 0))));
    return out;
  }

  /**
   * Counts a resource other than instances, cores and RAM (key_pairs, server_groups,
   * server_group_members) for quota details and the ranges updates must keep; the part that owns
   * the resource installs its count.
   */
  public void countWith(String resource, ResourceCount count) {
    if (!BUILT_IN.containsKey(resource) || Set.of("instances", "cores", "ram").contains(resource)) {
      throw new IllegalArgumentException("not a separately counted quota resource: " + resource);
    }
    counts.put(resource, count);
  }

  /**
   * What is used per resource: instances, cores and RAM from the servers, other resources from
   * the counts installed for them; resources nobody counts (the limits of metadata items,
   * injected files and nova-network's) show 0.
   */
  public Map<String, Integer> used(String projectId, String userId) {
    ProjectUsage.Usage u = usage.of(projectId, userId);
    Map<String, Integer> out = new java.util.HashMap<>();
    out.put("instances", u.instances());
    out.put("cores", u.cores());
    out.put("ram", u.ramMb());
    counts.forEach((resource, count) -> out.put(resource, count.of(projectId, userId)));
    return out;
  }

  /**
   * Sets limits for a project or a user in it. Unless {@code force}, a project limit may not go
   * below what is used or what its users' limits add up to, and a user's limit may not go below
   * what the user uses nor above what the project has left for users.
   */
  public void update(String projectId, String userId, Map<String, Integer> limits,
      boolean force) {
    if (!force) {
      Map<String, Integer> used = used(projectId, userId);
      Map<String, Integer> project = projectLimits(projectId);
      Map<String, List<Integer>> users = store.userLimits(projectId);
      Map<String, Integer> mine = userId == null ? Map.of() : store.limits(projectId, userId);
      for (var e : limits.entrySet()) {
        String key = e.getKey();
        int value = e.getValue();
        int inUse = used.getOrDefault(key, 0);
        List<Integer> userValues = users.getOrDefault(key, List.of());
        int usersTotal = userValues.contains(-1) ? -1
            : userValues.stream().mapToInt(Integer::intValue).sum();
        int minimum;
        int maximum;
        if (userId == null) {
          minimum = usersTotal == -1 ? -1 : Math.max(inUse, usersTotal);
          maximum = -1;
        } else {
          minimum = inUse;
          int projectLimit = project.get(key);
          int own = mine.getOrDefault(key, 0);
          maximum = projectLimit == -1 || usersTotal == -1 || own == -1 ? -1
              : projectLimit - usersTotal + own;
        }
        if (below(value, minimum)) {
          throw ApiException.badRequest("Quota limit " + value + " for " + key + " must be"
              + " greater than or equal to already used and reserved " + minimum + ".");
        }
        if (maximum != -1 && (value == -1 || value > maximum)) {
          throw ApiException.badRequest("Quota limit " + value + " for " + key + " must be less"
              + " than or equal to " + maximum + ".");
        }
      }
    }
    store.set(projectId, userId, limits);
  }

  private static boolean below(int value, int minimum) {
    return value != -1 && (minimum == -1 || value < minimum);
  }

  public void clear(String projectId, String userId) {
    store.clear(projectId, userId);
  }

  public void updateClass(String className, Map<String, Integer> limits) {
    store.setClass(className, limits);
  }
}
