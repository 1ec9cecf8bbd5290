package dev.altus.server;

import dev.altus.common.db.Database;
import dev.altus.identity.IdentityModule;
import dev.altus.identity.token.FernetKeyRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code altus} command: run the cloud and its operator tasks. */
@Command(name = "altus", mixinStandardHelpOptions = true, versionProvider = Altus.Version.class,
    description = "An OpenStack-compatible cloud in one process.",
    subcommands = {Altus.Up.class, Altus.BootstrapCmd.class, Altus.Db.class, Altus.TokenKeys.class,
        Altus.Dataplane.class, dev.altus.server.doctor.DoctorCommand.class,
        Altus.CredentialKeys.class, Altus.PolicyCmd.class, Altus.VersionCmd.class})
public final class Altus {
  static final String VERSION = "0.1.0";

  /** When main began, for the start-up time the cloud reports. */
  static long MAIN_AT;

  public static void main(String[] args) {
    MAIN_AT = System.currentTimeMillis();
    // ALTUS_LOG_FORMAT=json: one JSON object per log line, for log shippers
    if ("json".equals(System.getenv("ALTUS_LOG_FORMAT"))) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    // Helidon logs through java.util.logging: route it to the same log as everything else
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    int code = new CommandLine(new Altus())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("altus: " + e.getMessage());
          return 1;
        })
        .execute(args);
    if (code != 0 || (args.length > 0 && !args[0].equals("up"))) {
      System.exit(code);
    }
  }

  /** Options every subcommand shares. */
  static class Common {
    @Option(names = "--data-dir", defaultValue = "data", description = "Where the database, keys and clouds.yaml live (default: ./data).")
    Path dataDir;

    @Option(names = "--host", description = "Address the APIs listen on and advertise (default: 127.0.0.1).")
    String host;

    @Option(names = "--config", description = "Configuration file (default: DATA_DIR/altus.conf if present).")
    Path config;

    AltusConfig load() {
      return AltusConfig.load(dataDir.toAbsolutePath(), host, config, System.getenv());
    }
  }

  @Command(name = "up", description = "Run the all-in-one cloud in the foreground (Ctrl-C stops it).")
  static final class Up extends Common implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      long t0 = System.nanoTime();
      AltusConfig cfg = load();
      AllInOne cloud = new AllInOne(cfg).start();
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.err.println("altus: stopping");
        cloud.close();
        stopped.countDown();
      }));
      Path dd = cfg.dataDir();
      System.out.printf("""
          Altus %s is up in %d ms.
            Identity:  http://%s:%d/v3
            Dashboard: %s
            Data:      %s
          Use it:
            export OS_CLIENT_CONFIG_FILE=%s
            openstack --os-cloud altus token issue        # as admin
            openstack --os-cloud altus-demo project list  # as demo
          or: source %s
          Ctrl-C stops the cloud; its data stays in the data dir.
          """, VERSION, (System.nanoTime() - t0) / 1_000_000, cfg.host(), cloud.identityPort(),
          cloud.dashboardUrl().orElse("off (dashboard.enabled=false)"), dd,
          dd.resolve("clouds.yaml"), dd.resolve("admin-openrc.sh"));
      System.out.flush();
      stopped.await();
      return 0;
    }
  }

  @Command(name = "bootstrap", description = "Create the Default domain, roles, admin and demo users and the catalog, then exit.")
  static final class BootstrapCmd extends Common implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      AltusConfig cfg = load();
      try (Database db = new Database(cfg.database()).migrate(List.of("identity", "network", "image", "compute"))) {
        IdentityModule identity = new IdentityModule(cfg.identity(), db, Clock.systemUTC());
        AllInOne.Bootstrap.run(cfg, identity);
      }
      System.out.println("bootstrap complete; credentials in " + cfg.dataDir().resolve("clouds.yaml"));
      return 0;
    }
  }

  @Command(name = "db", description = "Database tasks.", subcommands = {Db.Migrate.class})
  static final class Db {
    @Command(name = "migrate", description = "Apply pending schema migrations, then exit.")
    static final class Migrate extends Common implements Callable<Integer> {
      @Override
      public Integer call() {
        AltusConfig cfg = load();
        try (Database db = new Database(cfg.database())) {
          db.migrate(List.of("identity", "network", "image", "compute"));
        }
        System.out.println("database is up to date: " + cfg.database().url().replaceAll("password=[^;&]*", "password=***"));
        return 0;
      }
    }
  }

  @Command(name = "dataplane", description = "Network data plane tasks.",
      subcommands = {Dataplane.Clean.class})
  static final class Dataplane {
    @Command(name = "clean", description = "With the cloud stopped: remove what its network agents"
        + " and guests' plugs made on this host (router and DHCP namespaces, dnsmasq and metadata"
        + " proxies, bridges, taps and devices, the external network's bridge and address, the"
        + " security groups' nftables tables).")
    static final class Clean extends Common implements Callable<Integer> {
      @Override
      public Integer call() {
        AltusConfig cfg = load();
        var dp = cfg.network().dataPlane();
        dev.altus.network.agent.linux.DataPlaneCleanup.run(new dev.altus.common.host.LocalHost(),
            dp, plugRecords(cfg.compute()));
        System.out.println("removed what the network agents of " + cfg.dataDir()
            + " made on this host (recorded under " + dp.stateDir() + "; security group tables "
            + dp.firewallTable() + ")");
        return 0;
      }

      /** Where each compute host's guests noted the bridges they made (the qemu driver's). */
      private static List<Path> plugRecords(dev.altus.compute.ComputeConfig c) {
        List<Path> out = new java.util.ArrayList<>();
        if (c.instancesPath() == null) {
          return out;
        }
        for (String h : c.hosts()) {
          out.add(dev.altus.compute.virt.qemu.QemuOptions.parse(
              c.driver().equals("qemu") ? c.driverOptions() : java.util.Map.of(),
              c.instancesPath().resolve(h)).bridgeRecord());
        }
        return out;
      }
    }
  }

  @Command(name = "token-keys", description = "Fernet key tasks.", subcommands = {TokenKeys.Rotate.class})
  static final class TokenKeys {
    @Command(name = "rotate", description = "Promote the staged Fernet key and stage a new one; live tokens stay valid.")
    static final class Rotate extends Common implements Callable<Integer> {
      @Override
      public Integer call() {
        AltusConfig cfg = load();
        FernetKeyRepository keys = new FernetKeyRepository(cfg.identity().keyDir(),
            cfg.identity().maxActiveKeys()).initialize();
        keys.rotate();
        System.out.println("rotated: " + keys.count() + " keys in " + cfg.identity().keyDir()
            + " (a running cloud picks them up within a minute)");
        return 0;
      }
    }
  }

  @Command(name = "credential-keys", description = "Credential encryption key tasks.",
      subcommands = {CredentialKeys.Rotate.class})
  static final class CredentialKeys {
    @Command(name = "rotate", description = "Promote the staged credential key and stage a new one;"
        + " the cloud re-encrypts every credential with the new key (within 30 s when running,"
        + " else at its next start).")
    static final class Rotate extends Common implements Callable<Integer> {
      @Override
      public Integer call() throws Exception {
        AltusConfig cfg = load();
        Path dir = cfg.identity().credentialKeyDir();
        FernetKeyRepository keys = new FernetKeyRepository(dir, 3).initialize();
        if (!IdentityModule.credentialsOnPrimaryKey(dir, keys)) {
          System.err.println("altus: not rotating: some credentials may still be encrypted with a"
              + " key this rotation would drop. The cloud re-encrypts them with the current key at"
              + " start and within 30 s of a rotation; start it (or wait for it), then rotate again.");
          return 1;
        }
        keys.rotate();
        System.out.println("rotated: " + keys.count() + " credential keys in " + dir
            + " (a running cloud re-encrypts the credentials within a minute, else at its next"
            + " start)");
        return 0;
      }
    }
  }

  @Command(name = "policy", description = "Policy rules.", subcommands = {PolicyCmd.ListCmd.class})
  static final class PolicyCmd {
    @Command(name = "list", description = "Print a service's default policy rules as a sample"
        + " policy file (identity, image, network or compute).")
    static final class ListCmd implements Callable<Integer> {
      @CommandLine.Parameters(index = "0", paramLabel = "SERVICE",
          description = "identity, image, network or compute")
      String service;

      @Override
      public Integer call() {
        if (!PolicyListing.SERVICES.contains(service)) {
          System.err.println("altus: unknown service '" + service + "': one of "
              + String.join(", ", PolicyListing.SERVICES));
          return 2;
        }
        System.out.print(PolicyListing.sample(PolicyListing.defaults(service)));
        return 0;
      }
    }
  }

  @Command(name = "version", description = "Print the version.")
  static final class VersionCmd implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.println("altus " + VERSION);
      return 0;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"altus " + VERSION};
    }
  }
}
