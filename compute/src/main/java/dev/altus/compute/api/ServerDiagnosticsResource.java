package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.Server;
import dev.altus.compute.service.ServerConsoles;
import dev.altus.compute.service.ServerService;
import java.util.Locale;

/**
 * {@code GET /v2.1/servers/{id}/diagnostics} (admins): the guest as its host sees it. Before 2.48
 * the body is the driver's own key/value list (libvirt-style names); from 2.48 Nova's common
 * format. Our drivers run QEMU guests as libvirt does, so they report the libvirt driver family.
 */
public final class ServerDiagnosticsResource {
  private final ServerService servers;
  private final ServerConsoles consoles;
  private final PolicyEngine policy;

  ServerDiagnosticsResource(ServerService servers, ServerConsoles consoles,
      PolicyEngine policy) {
    this.servers = servers;
    this.consoles = consoles;
    this.policy = policy;
  }

  public void routes(Router r) {
    r.get("/v2.1/servers/{server_id}/diagnostics", this::show);
  }

  private ApiResponse show(ApiRequest req) {
    RequestContext ctx = req.context();
    Microversion v = Microversion.of(req);
    Server s = servers.get(ctx, req.param("server_id"));
    policy.enforce("os_compute_api:os-server-diagnostics", ctx, ServerResource.target(s));
    JsonNode d = consoles.diagnostics(ctx, s);
    int vcpus = d.path("vcpus").asInt();
    long cpuNs = d.path("cpu_time_ns").asLong();
    long memKb = d.path("memory_mb").asLong() * 1024;
    ObjectNode o = Json.object();
    if (!v.atLeast(48)) {
      for (int i = 0; i < vcpus; i++) {
        o.put("cpu" + i + "_time", vcpus == 0 ? 0 : cpuNs / vcpus);
      }
      o.put("memory", memKb);
      o.put("memory-actual", memKb);
      int n = 0;
      for (JsonNode mac : d.path("macs")) {
        o.put("tap" + n + "_rx", 0);
        o.put("tap" + n + "_tx", 0);
        o.put("tap" + n + "_mac", mac.asText());
        n++;
      }
      o.put("vda_read", 0);
      o.put("vda_write", 0);
      return ApiResponse.ok(o);
    }
    o.put("state", state(d.path("state").asText()));
    o.put("driver", "libvirt");
    o.put("hypervisor", d.path("hypervisor").asText("qemu").toLowerCase(Locale.ROOT));
    o.put("hypervisor_os", "linux");
    if (s.launchedAt() == null) {
      o.putNull("uptime");
    } else {
      o.put("uptime", (int) Math.max(0, (System.currentTimeMillis() - s.launchedAt()) / 1000));
    }
    o.put("config_drive", "True".equals(s.configDrive()));
    o.put("num_cpus", vcpus);
    o.put("num_nics", d.path("macs").size());
    o.put("num_disks", 1);
    ObjectNode mem = o.putObject("memory_details");
    mem.put("maximum", d.path("memory_mb").asInt());
    mem.put("used", d.path("memory_mb").asInt());
    ArrayNode cpus = o.putArray("cpu_details");
    for (int i = 0; i < vcpus; i++) {
      cpus.addObject().put("id", i).put("time", cpuNs / Math.max(1, vcpus))
          .putNull("utilisation");
    }
    ArrayNode nics = o.putArray("nic_details");
    for (JsonNode mac : d.path("macs")) {
      ObjectNode nic = nics.addObject();
      nic.put("mac_address", mac.asText());
      for (String f : new String[] {"rx_octets", "rx_errors", "rx_drop", "rx_packets",
          "rx_rate", "tx_octets", "tx_errors", "tx_drop", "tx_packets", "tx_rate"}) {
        nic.putNull(f);
      }
    }
    ObjectNode disk = o.putArray("disk_details").addObject();
    for (String f : new String[] {"read_bytes", "read_requests", "write_bytes",
        "write_requests", "errors_count"}) {
      disk.putNull(f);
    }
    return ApiResponse.ok(o);
  }

  private static String state(String powerState) {
    return switch (powerState) {
      case "RUNNING" -> "running";
      case "PAUSED" -> "paused";
      case "SHUTDOWN" -> "shutdown";
      case "CRASHED" -> "crashed";
      case "SUSPENDED" -> "suspended";
      default -> "pending";
    };
  }
}
