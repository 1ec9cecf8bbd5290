package dev.altus.volume.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.volume.VolumeConfig;
import dev.altus.volume.backend.VolumeBackend;
import dev.altus.volume.service.Access;
import java.time.Clock;

/**
 * What the scheduler knows of the backend: {@code scheduler-stats/get_pools} (one pool, {@code
 * <host>@<backend>#<backend>}, with its capacity read from the file system now) and {@code
 * capabilities/<host>}. Admin only, as in Cinder.
 */
public final class PoolResource {
  static final String VENDOR = "Open Source";
  static final String PROTOCOL = "file";
  static final String DRIVER_VERSION = "1.0.0";
  private final VolumeConfig config;
  private final VolumeBackend backend;
  private final Access access;
  private final Clock clock;

  public PoolResource(VolumeConfig config, VolumeBackend backend, Access access, Clock clock) {
    this.config = config;
    this.backend = backend;
    this.access = access;
    this.clock = clock;
  }

  /** The capabilities the scheduler matches volume types' extra specs against. */
  public static java.util.Map<String, String> capabilities(VolumeBackend backend) {
    return java.util.Map.of("volume_backend_name", backend.name(), "vendor_name", VENDOR,
        "storage_protocol", PROTOCOL, "driver_version", DRIVER_VERSION);
  }

  public void routes(Router r) {
    r.get(VolumeResource.P + "/scheduler-stats/get_pools", this::pools);
    r.get(VolumeResource.P + "/capabilities/{host}", this::capabilities);
  }

  private String poolName() {
    return config.volumeHost() + "#" + backend.name();
  }

  private ApiResponse pools(ApiRequest req) {
    access.enforce("scheduler_extension:scheduler_stats:get_pools", req.context());
    ObjectNode out = Json.object();
    ObjectNode pool = out.putArray("pools").addObject();
    pool.put("name", poolName());
    if (req.queryFlag("detail")) {
      long[] cap = backend.capacityGb();
      String now = CinderTimes.format(clock.millis());
      ObjectNode c = pool.putObject("capabilities");
      c.put("volume_backend_name", backend.name());
      c.put("vendor_name", VENDOR);
      c.put("driver_version", DRIVER_VERSION);
      c.put("storage_protocol", PROTOCOL);
      c.put("total_capacity_gb", cap[0]);
      c.put("free_capacity_gb", cap[1]);
      c.put("reserved_percentage", 0);
      c.put("QoS_support", false);
      c.put("timestamp", now);
      c.put("updated", now);
    }
    return ApiResponse.ok(out);
  }

  private ApiResponse capabilities(ApiRequest req) {
    access.enforce("volume_extension:capabilities", req.context());
    String host = req.param("host").split("#", 2)[0];
    if (!host.equals(config.volumeHost())) {
      throw ApiException.notFound("Service " + host + " could not be found.");
    }
    ObjectNode out = Json.object();
    out.put("namespace", "OS::Storage::Capabilities::" + config.volumeHost());
    out.put("vendor_name", VENDOR);
    out.put("volume_backend_name", backend.name());
    out.put("pool_name", (String) null);
    out.put("driver_version", DRIVER_VERSION);
    out.put("storage_protocol", PROTOCOL);
    out.put("display_name", (String) null);
    out.put("description", (String) null);
    out.put("visibility", (String) null);
    out.putArray("replication_targets");
    out.putObject("properties");
    return ApiResponse.ok(out);
  }
}
