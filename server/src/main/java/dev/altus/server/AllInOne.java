package dev.altus.server;

import dev.altus.common.db.Database;
import dev.altus.common.http.HttpEndpoint;
import dev.altus.identity.IdentityModule;
import dev.altus.image.ImageModule;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The all-in-one role: every service in one process on one database. */
public final class AllInOne implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AllInOne.class);
  private final AltusConfig config;
  private final List<HttpEndpoint> endpoints = new ArrayList<>();
  private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().daemon().name("altus-maintenance").unstarted(r));
  private Database db;
  /** Where the metadata service listens (the network side's proxies forward there). */
  private String metadataUrl;
  private IdentityModule identity;
  private dev.altus.network.NetworkModule network; // network (Neutron)
  private ImageModule image;
  private dev.altus.compute.ComputeModule compute; // compute (Nova)
  private dev.altus.volume.VolumeModule volume; // block storage (Cinder)
  private dev.altus.compute.console.ConsoleProxy consoleProxy; // nova-novncproxy
  private dev.altus.common.bus.MessageBus bus;
  private dev.altus.dashboard.DashboardServer dashboard; // the web dashboard

  public AllInOne(AltusConfig config) {
    this.config = config;
  }

  /** Opens the database, migrates, bootstraps, and starts every API. */
  public AllInOne start() throws Exception {
    long t0 = System.nanoTime();
    Files.createDirectories(config.dataDir());
    // The HTTP listener and metrics start on another thread while the database opens and migrates;
    // early requests wait for the service to be bound.
    var http = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      return new HttpEndpoint("identity", meters, meters::scrape)
          .limits(config.httpLimits("identity")).start(config.host(), config.identityPort());
    });
    bus = config.bus().open("altus-up@" + config.host());
    db = new Database(config.database());
    long t1 = System.nanoTime();
    db.migrate(List.of("identity", "network", "image", "compute", "volume"));
    long t2 = System.nanoTime();
    identity = new IdentityModule(config.identity(), db, Clock.systemUTC());
    long t2b = System.nanoTime();
    Bootstrap.run(config, identity);
    long t3 = System.nanoTime();
    HttpEndpoint id;
    try {
      id = http.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
    endpoints.add(id.bind(identity.router(), identity.faults(), identity.tokens::authenticate));
    // metadata service (nova-api-metadata): listening now, so the network side's proxies know
    // where to forward; it answers once compute is wired below
    String secret = dev.altus.common.auth.MetadataSecret.resolve(config.dataDir(),
        config.compute().metadata().sharedSecret());
    HttpEndpoint metadata = new HttpEndpoint("metadata",
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), () -> "")
        .start(config.host(), config.compute().metadata().port());
    endpoints.add(metadata);
    metadataUrl = "http://" + config.host() + ":" + metadata.port();
    // network (Neutron)
    network = new dev.altus.network.NetworkModule(
        config.network().withMetadataService(metadataUrl, secret), db, Clock.systemUTC(),
        config.compute().hosts());
    if (network.linuxDataPlane()) {
      DemoNetworks.ensure(config.demoNetworks(), network, identity,
          new dev.altus.common.host.LocalHost());
    }
    PrometheusMeterRegistry netMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    endpoints.add(new HttpEndpoint("network", network.router(), network.faults(),
        identity.tokens::authenticate, netMeters, netMeters::scrape)
        .limits(config.httpLimits("network")).start(config.host(), config.networkPort()));
    String netUrl = config.network().publicUrl();
    identity.bootstrap.registerService("network", "neutron", "Networking (Neutron v2.0)",
        config.region(), Map.of("public", netUrl, "internal", netUrl, "admin", netUrl));
    // image service (Glance v2)
    image = new ImageModule(config.image(), db, Clock.systemUTC());
    PrometheusMeterRegistry imageMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    endpoints.add(new HttpEndpoint("image", image.router(), image.faults(),
        identity.tokens::authenticate, imageMeters, imageMeters::scrape)
        .limits(config.httpLimits("image")).bulkData().start(config.host(), config.imagePort()));
    // compute (Nova)
    var computeConfig = computeConfig().withMetadata(
        config.compute().metadata().withSharedSecret(secret));
    compute = new dev.altus.compute.ComputeModule(computeConfig, db, Clock.systemUTC(),
        new dev.altus.server.clients.InProcessImageClient(image),
        new dev.altus.server.clients.InProcessNetworkClient(network), bus,
        projectId -> identity.projectStore.find(projectId).isPresent());
    // altus doctor's findings for admins, on the compute API's port
    new dev.altus.server.doctor.DoctorResource(this::doctor,
        config.compute().servers().novncProxyBaseUrl()).routes(compute.router());
    PrometheusMeterRegistry computeMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    endpoints.add(new HttpEndpoint("compute", compute.router(), compute.faults(),
        identity.tokens::authenticate, computeMeters, computeMeters::scrape)
        .limits(config.httpLimits("compute")).start(config.host(), config.computePort()));
    String computeUrl = config.compute().publicUrl().replaceAll("/+$", "") + "/v2.1";
    identity.bootstrap.registerService("compute", "nova", "Compute (Nova v2.1)", config.region(),
        Map.of("public", computeUrl, "internal", computeUrl, "admin", computeUrl));
    metadata.bind(compute.servers.metadata.router(), compute.servers.metadata.faults(),
        token -> java.util.Optional.empty());
    LOG.info("metadata service for guests at {} (the metadata proxies sign with the secret in {}"
        + " unless metadata.shared_secret is set)", metadataUrl,
        config.dataDir().resolve(dev.altus.common.auth.MetadataSecret.FILE));
    // block storage (Cinder v3): the catalog URL carries the project, as Cinder's does
    volume = new dev.altus.volume.VolumeModule(config.volume(), db, Clock.systemUTC(),
        new dev.altus.common.host.LocalHost(),
        new dev.altus.server.clients.InProcessVolumeImages(image));
    PrometheusMeterRegistry volumeMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    endpoints.add(new HttpEndpoint("volume", volume.router(), volume.faults(),
        identity.tokens::authenticate, volumeMeters, volumeMeters::scrape)
        .limits(config.httpLimits("volume")).start(config.host(), config.volumePort()));
    String volumeUrl = config.volume().publicUrl() + "/v3/$(project_id)s";
    for (String type : List.of("block-storage", "volumev3")) {
      identity.bootstrap.registerService(type, "cinderv3", "Block Storage (Cinder v3)",
          config.region(), Map.of("public", volumeUrl, "internal", volumeUrl, "admin", volumeUrl));
    }
    // console proxy (nova-novncproxy): console URLs open the guests' VNC displays
    var sc = config.compute().servers();
    LOG.info("compute driver: {}{}", config.compute().driver(), config.compute().driver()
        .equals("qemu") ? " (real guests)" : " (no guests run: set compute.driver=qemu and install"
        + " qemu-system-x86 for real ones)");
    if (config.compute().driver().equals("qemu")) {
      // a bootable image at once, as DevStack uploads cirros; beside the start, not before it
      Path script = Path.of(System.getenv().getOrDefault("ALTUS_HOME", "."), "guest-image",
          "build.sh");
      Thread.ofVirtual().name("altus-guest-image").start(() -> {
        try {
          new GuestImageUpload(new dev.altus.common.host.LocalHost(), script, image, identity)
              .ensure();
        } catch (RuntimeException e) {
          LOG.warn("could not provide the altus-guest image: {}", e.getMessage());
        }
      });
    }
    consoleProxy = new dev.altus.compute.console.ConsoleProxy(
        compute.servers.consoleTokens::validate, Path.of(sc.novncWeb()))
        .start(config.host(), sc.novncPort());
    // the web dashboard: a client of the APIs above, with each user's own token
    if (config.dashboard().enabled()) {
      dashboard = new dev.altus.dashboard.DashboardServer(config.dashboard(), Clock.systemUTC())
          .start(config.host());
    }
    long t4 = System.nanoTime();
    maintenance.scheduleWithFixedDelay(this::reloadKeys, 30, 30, TimeUnit.SECONDS);
    LOG.info("ready {} ms after main: database {} ms, migrations {} ms, identity {} ms"
        + " (bootstrap {} ms), then HTTP +{} ms", System.currentTimeMillis() - Altus.MAIN_AT,
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
        (t3 - t2b) / 1_000_000, (t4 - t3) / 1_000_000);
    return this;
  }

  /** The doctor of this cloud as it is now (its ports are the ones really listening). */
  dev.altus.server.doctor.CloudDoctor doctor() {
    Map<Integer, String> ports = new java.util.TreeMap<>();
    for (HttpEndpoint e : endpoints) {
      ports.put(e.port(), e.name() + " API");
    }
    if (consoleProxy != null) {
      ports.put(consoleProxy.port(), "console proxy");
    }
    return dev.altus.server.doctor.CloudDoctors.of(db, config.database().url(), bus, compute,
        network, new dev.altus.common.host.LocalHost(), config.host(), ports,
        config.compute().servers().novncProxyBaseUrl());
  }

  /**
   * The compute settings, with the fake driver told to plug real taps when the Linux data plane
   * runs (its guests' ports then go ACTIVE as real guests' do) unless the operator said otherwise.
   */
  private dev.altus.compute.ComputeConfig computeConfig() {
    var c = config.compute();
    if (network.linuxDataPlane() && c.driver().equals("fake")
        && !c.driverOptions().containsKey("plug_taps")) {
      Map<String, String> options = new java.util.TreeMap<>(c.driverOptions());
      options.put("plug_taps", "true");
      return c.withDriver(c.driver(), options);
    }
    return c;
  }

  /**
   * Picks up keys rotated by 'altus token-keys rotate' or 'altus credential-keys rotate' while the
   * cloud runs.
   */
  private void reloadKeys() {
    try {
      if (identity.keys.load()) {
        identity.events.changed();
        LOG.info("Fernet keys changed on disk; now using {} keys", identity.keys.count());
      }
    } catch (RuntimeException e) {
      LOG.error("cannot reload Fernet keys: {}", e.getMessage());
    }
    try {
      if (identity.credentialKeys.load()) {
        int n = identity.encryptCredentials();
        LOG.info("credential keys changed on disk; {} credentials re-encrypted with the new"
            + " primary key", n);
      }
    } catch (RuntimeException e) {
      LOG.error("cannot reload the credential keys: {}", e.getMessage());
    }
  }

  public IdentityModule identity() {
    return identity;
  }

  /** The network service (for tests that look at what it made). */
  dev.altus.network.NetworkModule network() {
    return network;
  }

  /** The database (for tests that inject a failure into what the cloud recorded). */
  Database database() {
    return db;
  }

  /** The metadata service's URL, e.g. http://127.0.0.1:8775. */
  public String metadataUrl() {
    return metadataUrl;
  }

  /** A running API: its name (identity, network, image, compute, volume), route table and port. */
  public record Api(String name, dev.altus.common.http.Router router, int port) {}

  /** The five APIs in the order they start. */
  public List<Api> apis() {
    return List.of(new Api("identity", identity.router(), port("identity")),
        new Api("network", network.router(), port("network")),
        new Api("image", image.router(), port("image")),
        new Api("compute", compute.router(), port("compute")),
        new Api("volume", volume.router(), port("volume")));
  }

  private int port(String api) {
    return endpoints.stream().filter(e -> e.name().equals(api)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + api + " API")).port();
  }

  public int identityPort() {
    return endpoints.get(0).port();
  }

  /** The dashboard's URL, or empty when dashboard.enabled is false. */
  public java.util.Optional<String> dashboardUrl() {
    return java.util.Optional.ofNullable(dashboard)
        .map(d -> "http://" + config.host() + ":" + d.port() + "/");
  }

  @Override
  public void close() {
    maintenance.shutdownNow();
    if (dashboard != null) {
      dashboard.close();
    }
    if (consoleProxy != null) {
      consoleProxy.close();
    }
    if (compute != null) {
      compute.close();
    }
    if (volume != null) {
      volume.close();
    }
    if (bus != null) {
      bus.close();
    }
    if (network != null) {
      network.close();
    }
    for (HttpEndpoint e : endpoints) {
      e.stop();
    }
    if (db != null) {
      db.close();
    }
  }

  /** First-start set-up shared by {@code up} and {@code bootstrap}. */
  static final class Bootstrap {
    private Bootstrap() {}

    static void run(AltusConfig config, IdentityModule identity) throws Exception {
      var result = identity.bootstrap.run(config.adminPassword(), config.demoPassword(), config.region());
      String url = config.identity().publicUrl();
      identity.bootstrap.registerService("identity", "keystone", "Identity (Keystone v3)",
          config.region(), Map.of("public", url, "internal", url, "admin", url));
      // image service (Glance v2)
      String imageUrl = config.image().publicUrl();
      identity.bootstrap.registerService("image", "glance", "Image (Glance v2)", config.region(),
          Map.of("public", imageUrl, "internal", imageUrl, "admin", imageUrl));
      Path clouds = config.dataDir().resolve("clouds.yaml");
      if (result.adminPassword().isPresent() || !Files.exists(clouds)) {
        if (result.adminPassword().isEmpty() || result.demoPassword().isEmpty()) {
          LOG.warn("{} is missing but the users already exist; their passwords are unknown. "
              + "Set ALTUS_ADMIN_PASSWORD / ALTUS_DEMO_PASSWORD and reset them with the API.", clouds);
          return;
        }
        CloudFiles.write(config.dataDir(), url, config.region(), result.adminPassword().get(),
            result.demoPassword().get());
        LOG.info("wrote {} and the openrc files", clouds);
      }
    }
  }
}
