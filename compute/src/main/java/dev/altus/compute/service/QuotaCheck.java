package dev.altus.compute.service;

import dev.altus.common.error.ApiException;
import dev.altus.compute.model.Flavor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Counts a create against the project's instances, cores and ram quotas, as Nova's counting
 * quotas do: as many servers as fit (at least min_count, or 403 naming what is exceeded).
 */
public final class QuotaCheck {
  private final QuotaLimits limits;
  private final ProjectUsage usage;

  public QuotaCheck(QuotaLimits limits, ProjectUsage usage) {
    this.limits = limits;
    this.usage = usage;
  }

  /** How many of [min, max] servers of this flavor fit; 403 when not even min. */
  public int allowed(String projectId, String userId, Flavor flavor, int min, int max) {
    Map<String, Integer> l = limits.limits(projectId, userId);
    ProjectUsage.Usage u = usage.of(projectId, null);
    int allowed = max;
    List<String> overs = new ArrayList<>();
    long[][] checks = {
        {lim(l, "instances"), u.instances(), 1},
        {lim(l, "cores"), u.cores(), flavor.vcpus()},
        {lim(l, "ram"), u.ramMb(), flavor.memoryMb()}};
    String[] names = {"instances", "cores", "ram"};
    StringBuilder req = new StringBuilder();
    StringBuilder used = new StringBuilder();
    StringBuilder lims = new StringBuilder();
    for (int i = 0; i < checks.length; i++) {
      long limit = checks[i][0];
      long per = checks[i][2];
      if (limit < 0 || per == 0) {
        continue;
      }
      long room = Math.floorDiv(limit - checks[i][1], per);
      if (room < min) {
        overs.add(names[i]);
        sep(req).append(min * per);
        sep(used).append(checks[i][1]);
        sep(lims).append(limit);
      }
      allowed = (int) Math.min(allowed, Math.max(0, room));
    }
    if (!overs.isEmpty()) {
      String what = String.join(", ", overs);
      throw ApiException.forbidden("Quota exceeded for " + what + ": Requested " + req
          + ", but already used " + used + " of " + lims + " " + what);
    }
    return allowed;
  }

  /** 403 when growing a server by these cores and RAM (a resize) exceeds the quota. */
  public void grow(String projectId, String userId, int cores, int ramMb) {
    Map<String, Integer> l = limits.limits(projectId, userId);
    ProjectUsage.Usage u = usage.of(projectId, null);
    List<String> overs = new ArrayList<>();
    StringBuilder req = new StringBuilder();
    StringBuilder used = new StringBuilder();
    StringBuilder lims = new StringBuilder();
    long coreLimit = lim(l, "cores");
    if (cores > 0 && coreLimit >= 0 && u.cores() + (long) cores > coreLimit) {
      overs.add("cores");
      sep(req).append(cores);
      sep(used).append(u.cores());
      sep(lims).append(coreLimit);
    }
    long ramLimit = lim(l, "ram");
    if (ramMb > 0 && ramLimit >= 0 && u.ramMb() + (long) ramMb > ramLimit) {
      overs.add("ram");
      sep(req).append(ramMb);
      sep(used).append(u.ramMb());
      sep(lims).append(ramLimit);
    }
    if (!overs.isEmpty()) {
      String what = String.join(", ", overs);
      throw ApiException.forbidden("Quota exceeded for " + what + ": Requested " + req
          + ", but already used " + used + " of " + lims + " " + what);
    }
  }

  /**
   * 403 when personality files (path to base64 contents) exceed the injected_files,
   * injected_file_path_bytes or injected_file_content_bytes quotas.
   */
  public void injectedFiles(String projectId, String userId, Map<String, String> files) {
    if (files.isEmpty()) {
      return;
    }
    Map<String, Integer> l = limits.limits(projectId, userId);
    long count = lim(l, "injected_files");
    if (count >= 0 && files.size() > count) {
      throw ApiException.forbidden("Personality file limit exceeded");
    }
    long pathMax = lim(l, "injected_file_path_bytes");
    long contentMax = lim(l, "injected_file_content_bytes");
    for (Map.Entry<String, String> f : files.entrySet()) {
      if (pathMax >= 0 && f.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
          > pathMax) {
        throw ApiException.forbidden("Personality file path exceeds maximum " + pathMax);
      }
      int bytes = java.util.Base64.getDecoder().decode(f.getValue().replaceAll("\\s", ""))
          .length;
      if (contentMax >= 0 && bytes > contentMax) {
        throw ApiException.forbidden("Personality file content exceeds maximum " + contentMax);
      }
    }
  }

  /** 403 when {@code count} metadata items exceed the metadata_items quota. */
  public void metadata(String projectId, String userId, int count) {
    long limit = lim(limits.limits(projectId, userId), "metadata_items");
    if (limit >= 0 && count > limit) {
      throw ApiException.forbidden("Quota exceeded for metadata_items: Requested " + count
          + ", but the limit is " + limit + " metadata_items");
    }
  }

  private static StringBuilder sep(StringBuilder b) {
    if (b.length() > 0) {
      b.append(", ");
    }
    return b;
  }

  private static long lim(Map<String, Integer> l, String name) {
    Integer v = l.get(name);
    return v == null ? -1 : v;
  }
}
