package dev.altus.server;

import dev.altus.common.bus.LocalBus;
import dev.altus.common.db.Database;
import dev.altus.common.db.DatabaseConfig;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.ComputeConfig;
import dev.altus.compute.ComputeModule;
import dev.altus.identity.IdentityConfig;
import dev.altus.identity.IdentityModule;
import dev.altus.image.ImageConfig;
import dev.altus.image.ImageModule;
import dev.altus.network.NetworkConfig;
import dev.altus.network.NetworkModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The default policy rules of a service as a sample policy file, as oslopolicy-sample-generator
 * writes one: per rule a comment saying what it guards, then the rule commented out, so an
 * operator uncomments and edits the rules to change. The rules are read from the service itself,
 * built over a throw-away in-memory database, so the listing is the rules the service enforces.
 */
public final class PolicyListing {
  public static final List<String> SERVICES = List.of("identity", "image", "network", "compute");

  private PolicyListing() {}

  /** The service's engine with its defaults (no operator file). */
  public static PolicyEngine defaults(String service) {
    if (!SERVICES.contains(service)) {
      throw new IllegalArgumentException("unknown service '" + service + "': one of " + SERVICES);
    }
    Path tmp;
    try {
      tmp = Files.createTempDirectory("altus-policy");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Database db = new Database(DatabaseConfig.inMemory("policy-" + UUID.randomUUID()))
        .migrate(List.of(service))) {
      Clock clock = Clock.systemUTC();
      return switch (service) {
        case "identity" -> new IdentityModule(IdentityConfig.defaults(tmp, "http://127.0.0.1/v3"),
            db, clock).policy;
        case "image" -> new ImageModule(ImageConfig.defaults(tmp, "http://127.0.0.1:9292"), db,
            clock).policy;
        case "network" -> {
          try (NetworkModule m = new NetworkModule(NetworkConfig.defaults("http://127.0.0.1"), db,
              clock, null, Duration.ofSeconds(10))) {
            yield m.policy;
          }
        }
        default -> {
          try (LocalBus bus = new LocalBus(); ComputeModule m = new ComputeModule(
              new ComputeConfig("http://127.0.0.1:8774", null, "fake", List.of(), Map.of(), "nova"),
              db, clock, null, null, bus)) {
            yield m.policy;
          }
        }
      };
    } finally {
      deleteTree(tmp);
    }
  }

  /** The sample file: a comment line and the commented-out default of every rule. */
  public static String sample(PolicyEngine engine) {
    StringBuilder out = new StringBuilder();
    engine.defaults().forEach((name, rule) -> {
      String d = engine.description(name);
      out.append("# ").append(d != null ? d : describe(name)).append('\n');
      out.append("#\"").append(name).append("\": \"").append(rule.replace("\"", "\\\""))
          .append("\"\n\n");
    });
    return out.toString();
  }

  /** A description from the rule's name where the service gives none ("identity:create_user"). */
  static String describe(String name) {
    String n = name.replaceFirst("^(identity|os_compute_api):", "");
    String words = n.replace(':', ' ').replace('_', ' ').replace('-', ' ').trim();
    return words.isEmpty() ? name : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
