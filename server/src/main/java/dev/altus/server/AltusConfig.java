package dev.altus.server;

import dev.altus.common.db.DatabaseConfig;
import dev.altus.common.http.HttpLimits;
import dev.altus.identity.IdentityConfig;
import dev.altus.image.ImageConfig;
import dev.altus.identity.service.PasswordPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The launcher's configuration: built-in defaults, then {@code DATA_DIR/altus.conf} (or {@code
 * --config FILE}) as {@code key = value} lines, then {@code ALTUS_*} environment variables. Unknown
 * keys are refused at start so a typo never goes unnoticed. See docs/configuration.md.
 */
public record AltusConfig(
    Path dataDir,
    String host,
    int identityPort,
    String region,
    DatabaseConfig database,
    IdentityConfig identity,
    String adminPassword,
    String demoPassword,
    // network (Neutron)
    int networkPort,
    dev.altus.network.NetworkConfig network,
    // image service
    int imagePort,
    ImageConfig image,
    // compute (Nova)
    int computePort,
    dev.altus.compute.ComputeConfig compute,
    // block storage (Cinder)
    int volumePort,
    dev.altus.volume.VolumeConfig volume,
    // what each API's listener accepts (body, headers, silent clients), by service name
    Map<String, HttpLimits> httpLimits,
    // the all-in-one's public and private networks (with the linux data plane)
    DemoNetworks.Config demoNetworks,
    // the message bus: in-process, or RabbitMQ when bus.url is set
    dev.altus.common.bus.BusConfig bus,
    // the web dashboard (port 8000)
    dev.altus.dashboard.DashboardConfig dashboard) {

  /** The listener limits of one service ("identity", "image", "network", "compute"). */
  public HttpLimits httpLimits(String service) {
    return httpLimits.getOrDefault(service, HttpLimits.defaults());
  }

  static final Set<String> KEYS = Set.of(
      "host", "region", "identity.port", "identity.token_lifetime_seconds", "identity.bcrypt_cost",
      "identity.max_active_keys", "identity.policy_file", "identity.public_url",
      "database.url", "database.user", "database.password", "database.max_pool_size",
      // password rules (Keystone's [security_compliance]); all off by default
      "identity.password_expires_days", "identity.unique_last_password_count",
      "identity.minimum_password_age_days", "identity.password_regex",
      "identity.password_regex_description", "identity.lockout_failure_attempts",
      "identity.lockout_duration_seconds", "identity.change_password_upon_first_use",
      // network (Neutron)
      "network.port", "network.public_url", "network.policy_file",
      // the network data plane (Linux bridge and DHCP agents)
      "network.dataplane", "network.dhcp_lease_duration", "network.linuxbridge.local_ip",
      "network.linuxbridge.physical_interface_mappings", "network.linuxbridge.bridge_mappings",
      "network.firewall_table",
      // the all-in-one's external and demo networks (Linux data plane)
      "network.public_cidr", "network.public_gateway", "network.private_cidr",
      // image service (Glance v2)
      "image.port", "image.public_url", "image.disk_formats", "image.container_formats",
      "image.max_image_size", "image.image_count_quota", "image.storage_quota",
      "image.policy_file", "image.import_methods", "image.web_download_allowed_hosts",
      "image.store", "image.require_image_format_match",
      // compute (Nova); the driver's own options are compute.<driver>.<option>
      "compute.port", "compute.public_url", "compute.policy_file", "compute.driver",
      "compute.hosts", "compute.zone", "compute.instances_path",
      // compute servers, scheduler and agents
      "compute.scheduler_max_attempts", "compute.max_concurrent_builds",
      "compute.report_interval", "compute.service_down_time",
      "compute.sync_power_state_interval", "compute.cpu_allocation_ratio",
      "compute.ram_allocation_ratio", "compute.disk_allocation_ratio",
      "compute.novncproxy_base_url", "compute.novnc_port", "compute.novnc_web",
      "compute.max_limit",
      // block storage (Cinder v3)
      "volume.port", "volume.public_url", "volume.policy_file", "volume.zone",
      "volume.backend", "volume.volumes_path", "volume.quota_volumes", "volume.quota_gigabytes",
      "volume.quota_snapshots", "volume.quota_per_volume_gigabytes", "volume.max_limit",
      "volume.max_request_body_size",
      // HTTP listeners: a body limit per API, header and time limits shared
      "identity.max_request_body_size", "image.max_request_body_size",
      "network.max_request_body_size", "compute.max_request_body_size",
      "http.max_header_size", "http.max_header_count", "http.client_read_timeout_seconds",
      "http.keepalive_timeout_seconds",
      // what guests read about themselves: the metadata service and config drives
      "compute.metadata_port", "compute.force_config_drive", "metadata.shared_secret",
      // the message bus (RabbitMQ when bus.url is set; in-process otherwise)
      "bus.url", "bus.call_timeout_seconds", "bus.connect_timeout_seconds",
      "bus.send_timeout_seconds", "bus.heartbeat_seconds", "bus.prefetch",
      "bus.queue_expiry_seconds",
      // the web dashboard
      "dashboard.enabled", "dashboard.port", "dashboard.renewal_warning_seconds");

  /** Prefixes of the virt drivers' own options (validated by the driver). */
  static final java.util.List<String> DRIVER_PREFIXES = java.util.List.of("compute.fake.",
      "compute.qemu.");

  public static AltusConfig load(Path dataDir, String hostOverride, Path file, Map<String, String> env) {
    Properties p = new Properties();
    Path conf = file != null ? file : dataDir.resolve("altus.conf");
    if (file != null && !Files.isRegularFile(file)) {
      // an explicit path that is not there is a mistake, never "run with the defaults": an agent
      // started so would look alive with a configuration nobody wrote
      throw new IllegalArgumentException("configuration file " + file.toAbsolutePath()
          + (Files.exists(file) ? " is not a regular file" : " does not exist")
          + " (--config): give the path of an existing file, or leave --config out to use "
          + dataDir.resolve("altus.conf") + " when present");
    }
    if (Files.exists(conf)) {
      try (Reader r = Files.newBufferedReader(conf)) {
        p.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + conf + ": " + e.getMessage(), e);
      }
      Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
      unknown.removeAll(KEYS);
      unknown.removeIf(k -> DRIVER_PREFIXES.stream().anyMatch(k::startsWith));
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("unknown option(s) in " + conf + ": " + unknown
            + ". Known options: " + new TreeSet<>(KEYS));
      }
    } else if (file != null) {
      throw new IllegalArgumentException("configuration file " + file + " does not exist");
    }
    for (String k : KEYS) {
      String envName = "ALTUS_" + k.toUpperCase().replace('.', '_');
      if (env.containsKey(envName)) {
        p.setProperty(k, env.get(envName));
      }
    }
    for (String prefix : DRIVER_PREFIXES) {
      String envPrefix = "ALTUS_" + prefix.toUpperCase().replace('.', '_');
      env.forEach((name, value) -> {
        if (name.startsWith(envPrefix)) {
          p.setProperty(prefix + name.substring(envPrefix.length()).toLowerCase(), value);
        }
      });
    }
    String host = hostOverride != null ? hostOverride : p.getProperty("host", "127.0.0.1");
    int identityPort = integer(p, "identity.port", 5000);
    String region = p.getProperty("region", "RegionOne");
    DatabaseConfig db = p.containsKey("database.url")
        ? new DatabaseConfig(p.getProperty("database.url"), p.getProperty("database.user", "altus"),
            p.getProperty("database.password", ""), integer(p, "database.max_pool_size", 16))
        : DatabaseConfig.embedded(dataDir);
    String publicUrl = p.getProperty("identity.public_url", "http://" + host + ":" + identityPort + "/v3");
    IdentityConfig idc = new IdentityConfig(
        Duration.ofSeconds(integer(p, "identity.token_lifetime_seconds", 3600)),
        integer(p, "identity.bcrypt_cost", 12),
        dataDir.resolve("fernet-keys"),
        integer(p, "identity.max_active_keys", 3),
        p.containsKey("identity.policy_file") ? Path.of(p.getProperty("identity.policy_file")) : null,
        publicUrl, passwordPolicy(p));
    // network (Neutron)
    int networkPort = integer(p, "network.port", 9696);
    var netc = new dev.altus.network.NetworkConfig(
        p.getProperty("network.public_url", "http://" + host + ":" + networkPort),
        p.containsKey("network.policy_file") ? Path.of(p.getProperty("network.policy_file")) : null,
        dev.altus.network.NetworkConfig.defaultQuotas(), dataPlaneConfig(p, dataDir));
    var demoNetworks = DemoNetworks.Config.of(p.getProperty("network.public_cidr"),
        p.getProperty("network.public_gateway"), p.getProperty("network.private_cidr"));
    return new AltusConfig(dataDir, host, identityPort, region, db, idc,
        env.get("ALTUS_ADMIN_PASSWORD"), env.get("ALTUS_DEMO_PASSWORD"), networkPort, netc,
        integer(p, "image.port", 9292), imageConfig(p, dataDir, host),
        integer(p, "compute.port", 8774), computeConfig(p, dataDir, host),
        integer(p, "volume.port", 8776), volumeConfig(p, dataDir, host), httpLimits(p),
        demoNetworks, busConfig(p, conf, env), dashboardConfig(p, publicUrl));
  }

  /**
   * The message bus's options; a refusal names the key and where it was set (the file, or the
   * ALTUS_* variable that overrides it).
   */
  private static dev.altus.common.bus.BusConfig busConfig(Properties p, Path conf,
      Map<String, String> env) {
    try {
      return dev.altus.common.bus.BusConfig.of(p::getProperty);
    } catch (IllegalArgumentException e) {
      String key = e.getMessage().split(" ", 2)[0];
      String envName = "ALTUS_" + key.toUpperCase().replace('.', '_');
      throw new IllegalArgumentException(e.getMessage() + " (" + key + " is set "
          + (env.containsKey(envName) ? "by " + envName : "in " + conf) + ")", e);
    }
  }

  /** The dashboard's options; see docs/configuration.md. */
  private static dev.altus.dashboard.DashboardConfig dashboardConfig(Properties p,
      String identityUrl) {
    int warning = integer(p, "dashboard.renewal_warning_seconds", 600);
    if (warning < 0) {
      throw new IllegalArgumentException("dashboard.renewal_warning_seconds must not be negative");
    }
    return new dev.altus.dashboard.DashboardConfig(
        !p.containsKey("dashboard.enabled") || bool(p, "dashboard.enabled"),
        integer(p, "dashboard.port", dev.altus.dashboard.DashboardConfig.PORT), identityUrl,
        Duration.ofSeconds(warning));
  }

  /** Each API's listener limits; see docs/configuration.md. */
  private static Map<String, HttpLimits> httpLimits(Properties p) {
    HttpLimits d = HttpLimits.defaults();
    HttpLimits shared;
    try {
      shared = new HttpLimits(d.maxRequestBodySize(),
          integer(p, "http.max_header_size", d.maxHeadersSize()),
          integer(p, "http.max_header_count", d.maxHeaderCount()),
          Duration.ofSeconds(integer(p, "http.client_read_timeout_seconds",
              (int) d.readTimeout().toSeconds())),
          Duration.ofSeconds(integer(p, "http.keepalive_timeout_seconds",
              (int) d.idleTimeout().toSeconds())));
      Map<String, HttpLimits> limits = new java.util.TreeMap<>();
      for (String service : java.util.List.of("identity", "image", "network", "compute",
          "volume")) {
        limits.put(service, shared.withMaxRequestBodySize(longValue(p,
            service + ".max_request_body_size", d.maxRequestBodySize())));
      }
      return Map.copyOf(limits);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("HTTP limits: " + e.getMessage(), e);
    }
  }

  /** The network data plane's options; see docs/configuration.md. */
  private static dev.altus.network.DataPlaneConfig dataPlaneConfig(Properties p, Path dataDir) {
    int lease = integer(p, "network.dhcp_lease_duration", 86400);
    if (lease < 120) {
      throw new IllegalArgumentException("network.dhcp_lease_duration must be at least 120 seconds");
    }
    return new dev.altus.network.DataPlaneConfig(
        p.getProperty("network.dataplane", "auto").trim(), dataDir.resolve("network"),
        p.getProperty("network.linuxbridge.local_ip", ""),
        dev.altus.network.DataPlaneConfig.mappings("network.linuxbridge.physical_interface_mappings",
            p.getProperty("network.linuxbridge.physical_interface_mappings")),
        dev.altus.network.DataPlaneConfig.mappings("network.linuxbridge.bridge_mappings",
            p.getProperty("network.linuxbridge.bridge_mappings")),
        lease, 1, p.getProperty("network.firewall_table"));
  }

  /** The block storage service's options; see docs/configuration.md. */
  private static dev.altus.volume.VolumeConfig volumeConfig(Properties p, Path dataDir,
      String host) {
    int port = integer(p, "volume.port", 8776);
    var d = dev.altus.volume.VolumeConfig.defaults(dataDir,
        p.getProperty("volume.public_url", "http://" + host + ":" + port).trim(), localHostName());
    var q = d.quotas();
    return new dev.altus.volume.VolumeConfig(
        p.containsKey("volume.volumes_path")
            ? Path.of(p.getProperty("volume.volumes_path").trim()) : d.volumesDir(),
        d.publicUrl(),
        p.containsKey("volume.policy_file") ? Path.of(p.getProperty("volume.policy_file")) : null,
        p.getProperty("volume.zone", d.zone()).trim(), d.host(),
        p.getProperty("volume.backend", d.backend()).trim(),
        new dev.altus.volume.VolumeConfig.Quotas(
            longValue(p, "volume.quota_volumes", q.volumes()),
            longValue(p, "volume.quota_gigabytes", q.gigabytes()),
            longValue(p, "volume.quota_snapshots", q.snapshots()),
            longValue(p, "volume.quota_per_volume_gigabytes", q.perVolumeGigabytes())),
        d.reportInterval(), d.serviceDownTime(), integer(p, "volume.max_limit", d.maxLimit()));
  }

  /**
   * Real guests when this host can run them: {@code qemu} when qemu-system-x86_64 is installed
   * (scripts/install-runtime.sh installs it), else the fake driver. {@code compute.driver} (or
   * ALTUS_COMPUTE_DRIVER) chooses either way.
   */
  static String defaultDriver() {
    return new dev.altus.common.host.LocalHost().available("qemu-system-x86_64") ? "qemu" : "fake";
  }

  /** The compute service's options; see docs/configuration.md. */
  private static dev.altus.compute.ComputeConfig computeConfig(Properties p, Path dataDir,
      String host) {
    int port = integer(p, "compute.port", 8774);
    String driver = p.getProperty("compute.driver", defaultDriver()).trim();
    java.util.Map<String, String> options = new java.util.TreeMap<>();
    String prefix = "compute." + driver + ".";
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith(prefix)) {
        options.put(k.substring(prefix.length()), p.getProperty(k).trim());
      }
    }
    java.util.List<String> hosts = list(p, "compute.hosts", java.util.List.of(localHostName()));
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("compute.hosts must name at least one compute host");
    }
    return new dev.altus.compute.ComputeConfig(
        p.getProperty("compute.public_url", "http://" + host + ":" + port),
        p.containsKey("compute.policy_file") ? Path.of(p.getProperty("compute.policy_file")) : null,
        driver, hosts, options, p.getProperty("compute.zone", "nova").trim(),
        serversConfig(p, host), p.containsKey("compute.instances_path")
            ? Path.of(p.getProperty("compute.instances_path").trim())
            : dataDir.resolve("instances"), metadataConfig(p));
  }

  /**
   * The metadata service and config drives; the shared secret is the configured one or null,
   * which the all-in-one replaces with the one it keeps under the data directory.
   */
  private static dev.altus.compute.MetadataConfig metadataConfig(Properties p) {
    String secret = p.getProperty("metadata.shared_secret");
    return new dev.altus.compute.MetadataConfig(
        integer(p, "compute.metadata_port", dev.altus.compute.MetadataConfig.PORT),
        secret == null ? null : secret.trim(), bool(p, "compute.force_config_drive"));
  }

  /** Servers, scheduler and compute agent options; see docs/configuration.md. */
  private static dev.altus.compute.ServersConfig serversConfig(Properties p, String host) {
    var d = dev.altus.compute.ServersConfig.defaults(host);
    int novncPort = integer(p, "compute.novnc_port", d.novncPort());
    return new dev.altus.compute.ServersConfig(
        integer(p, "compute.scheduler_max_attempts", d.schedulerMaxAttempts()),
        integer(p, "compute.max_concurrent_builds", d.maxConcurrentBuilds()),
        Duration.ofSeconds(integer(p, "compute.report_interval",
            (int) d.reportInterval().toSeconds())),
        Duration.ofSeconds(integer(p, "compute.service_down_time",
            (int) d.serviceDownTime().toSeconds())),
        Duration.ofSeconds(integer(p, "compute.sync_power_state_interval",
            (int) d.syncInterval().toSeconds())),
        decimal(p, "compute.cpu_allocation_ratio", d.cpuAllocationRatio()),
        decimal(p, "compute.ram_allocation_ratio", d.ramAllocationRatio()),
        decimal(p, "compute.disk_allocation_ratio", d.diskAllocationRatio()),
        p.getProperty("compute.novncproxy_base_url", dev.altus.compute.ServersConfig.novncUrl(
            host, novncPort)).trim(), novncPort,
        p.getProperty("compute.novnc_web", d.novncWeb()).trim(),
        integer(p, "compute.max_limit", d.maxListLimit()));
  }

  private static double decimal(Properties p, String key, double dflt) {
    String v = p.getProperty(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, not '" + v + "'");
    }
  }

  private static String localHostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** The image service's options; see docs/configuration.md. */
  private static ImageConfig imageConfig(Properties p, Path dataDir, String host) {
    int port = integer(p, "image.port", 9292);
    try {
      return new ImageConfig(dataDir.resolve("images"),
          p.getProperty("image.public_url", "http://" + host + ":" + port),
          list(p, "image.disk_formats", ImageConfig.DISK_FORMATS),
          list(p, "image.container_formats", ImageConfig.CONTAINER_FORMATS),
          longValue(p, "image.max_image_size", ImageConfig.DEFAULT_MAX_IMAGE_SIZE),
          longValue(p, "image.image_count_quota", -1),
          longValue(p, "image.storage_quota", -1),
          p.containsKey("image.policy_file") ? Path.of(p.getProperty("image.policy_file")) : null,
          list(p, "image.import_methods", ImageConfig.IMPORT_METHODS),
          list(p, "image.web_download_allowed_hosts", java.util.List.of()),
          p.getProperty("image.store", "file").trim(),
          !p.containsKey("image.require_image_format_match")
              || bool(p, "image.require_image_format_match"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image options: " + e.getMessage(), e);
    }
  }

  private static java.util.List<String> list(Properties p, String key, java.util.List<String> dflt) {
    String v = p.getProperty(key);
    if (v == null) {
      return dflt;
    }
    return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static long longValue(Properties p, String key, long dflt) {
    String v = p.getProperty(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'");
    }
  }

  private static PasswordPolicy passwordPolicy(Properties p) {
    try {
      return new PasswordPolicy(
          integer(p, "identity.password_expires_days", 0),
          integer(p, "identity.unique_last_password_count", 0),
          integer(p, "identity.minimum_password_age_days", 0),
          p.getProperty("identity.password_regex"),
          p.getProperty("identity.password_regex_description"),
          integer(p, "identity.lockout_failure_attempts", 0),
          Duration.ofSeconds(integer(p, "identity.lockout_duration_seconds", 1800)),
          bool(p, "identity.change_password_upon_first_use"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("identity password rules: " + e.getMessage(), e);
    }
  }

  private static boolean bool(Properties p, String key) {
    String v = p.getProperty(key, "false").trim().toLowerCase();
    return switch (v) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new IllegalArgumentException(key + " must be true or false, not '" + v + "'");
    };
  }

  private static int integer(Properties p, String key, int dflt) {
    String v = p.getProperty(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'");
    }
  }
}
