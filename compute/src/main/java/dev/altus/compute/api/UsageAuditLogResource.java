package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.ServiceRecord;
import dev.altus.compute.service.ComputeServiceAdmin;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.TreeSet;

/**
 * {@code /os-instance_usage_audit_log} for admins: for the last completed monthly audit period
 * (before now, or before a given time), which compute hosts ran the instance usage audit. No
 * compute agent here runs that periodic audit, so every compute host is reported as not run.
 */
public final class UsageAuditLogResource {
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern(
      "yyyy-MM-dd HH:mm:ss");

  private final ComputeServiceAdmin services;
  private final PolicyEngine policy;
  private final Clock clock;

  public UsageAuditLogResource(ComputeServiceAdmin services, PolicyEngine policy, Clock clock) {
    this.services = services;
    this.policy = policy;
    this.clock = clock;
  }

  public void routes(Router r) {
    r.get("/v2.1/os-instance_usage_audit_log", this::list);
    r.get("/v2.1/os-instance_usage_audit_log/{before}", this::show);
  }

  private ApiResponse list(ApiRequest req) {
    policy.enforce("os_compute_api:os-instance-usage-audit-log:list", req.context());
    ObjectNode body = Json.object();
    body.set("instance_usage_audit_logs",
        log(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)));
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req) {
    policy.enforce("os_compute_api:os-instance-usage-audit-log:show", req.context());
    String id = req.param("before");
    LocalDateTime before;
    try {
      before = LocalDateTime.parse(id, DateTimeFormatter.ofPattern(id.contains(".")
          ? "yyyy-MM-dd HH:mm:ss.SSSSSS" : "yyyy-MM-dd HH:mm:ss"));
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("Invalid timestamp for date " + id);
    }
    ObjectNode body = Json.object();
    body.set("instance_usage_audit_log", log(before));
    return ApiResponse.ok(body);
  }

  /** The most recently completed month before {@code now}: [begin, end). */
  static LocalDateTime[] lastCompletedMonth(LocalDateTime now) {
    LocalDateTime end = now.withDayOfMonth(1).toLocalDate().atStartOfDay();
    if (!end.isBefore(now)) {
      end = end.minusMonths(1);
    }
    return new LocalDateTime[] {end.minusMonths(1), end};
  }

  private ObjectNode log(LocalDateTime before) {
    LocalDateTime[] period = lastCompletedMonth(before);
    TreeSet<String> hosts = new TreeSet<>();
    for (ServiceRecord s : services.list(null, ComputeServiceAdmin.COMPUTE)) {
      hosts.add(s.host());
    }
    ObjectNode o = Json.object();
    o.put("period_beginning", SHOWN.format(period[0]));
    o.put("period_ending", SHOWN.format(period[1]));
    o.put("num_hosts", hosts.size());
    o.put("num_hosts_done", 0);
    o.put("num_hosts_running", 0);
    o.put("num_hosts_not_run", hosts.size());
    ArrayNode notRun = o.putArray("hosts_not_run");
    hosts.forEach(notRun::add);
    o.put("total_instances", 0);
    o.put("total_errors", 0);
    o.put("overall_status", (hosts.isEmpty() ? "ALL" : "0 of " + hosts.size())
        + " hosts done. 0 errors.");
    o.putObject("log");
    return o;
  }
}
