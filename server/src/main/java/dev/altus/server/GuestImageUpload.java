package dev.altus.server;

import dev.altus.common.context.RequestContext;
import dev.altus.common.host.Command;
import dev.altus.common.host.CommandResult;
import dev.altus.common.host.Host;
import dev.altus.common.json.Json;
import dev.altus.identity.IdentityModule;
import dev.altus.image.ImageModule;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a cloud whose guests are real a bootable image at once, as DevStack uploads cirros: the
 * project's test guest image, built by {@code guest-image/build.sh} (from Debian's packages; a
 * no-op when it is up to date), uploaded as the public image {@code altus-guest} when no image of
 * that name exists. Runs beside the start-up, so the APIs do not wait for it; says what went wrong
 * and what to do when it cannot.
 */
final class GuestImageUpload {
  static final String NAME = "altus-guest";
  private static final Logger LOG = LoggerFactory.getLogger(GuestImageUpload.class);
  private final Host host;
  private final Path buildScript;
  private final ImageModule image;
  private final IdentityModule identity;

  GuestImageUpload(Host host, Path buildScript, ImageModule image, IdentityModule identity) {
    this.host = host;
    this.buildScript = buildScript;
    this.image = image;
    this.identity = identity;
  }

  /** Uploads the image if the cloud has none of that name; returns its id, or null when it did not. */
  String ensure() {
    RequestContext admin = adminContext();
    var existing = image.listing.list(admin, Map.of("name", List.of(NAME))).images();
    if (!existing.isEmpty()) {
      return null;
    }
    if (!Files.isExecutable(buildScript)) {
      LOG.warn("no image named {} and no {} to build it (the cloud runs from a jar without the"
          + " project's sources?): upload a bootable image yourself, e.g. 'openstack image create"
          + " --file DISK.qcow2 --disk-format qcow2 --container-format bare --public {}'", NAME,
          buildScript, NAME);
      return null;
    }
    long t0 = System.nanoTime();
    LOG.info("building the project's guest image with {} to upload it as {}...", buildScript, NAME);
    CommandResult built = host.run(Command.of(buildScript.toString(), "--print-path")
        .withTimeout(Duration.ofMinutes(10)));
    if (!built.ok()) {
      LOG.warn("{} failed (exit {}), so there is no {} image: {}; run it by hand to see why",
          buildScript, built.exitCode(), NAME, tail(built.stderr()));
      return null;
    }
    Path disk = Path.of(built.stdout().strip());
    try (InputStream in = Files.newInputStream(disk)) {
      var draft = Json.object().put("name", NAME).put("disk_format", "qcow2")
          .put("container_format", "bare").put("visibility", "public")
          .put("os_distro", "debian").put("description",
              "The project's test guest: login altus (password altus, or the server's key)");
      var created = image.images.create(admin, draft);
      image.data.upload(admin, created.id(), in, Files.size(disk));
      LOG.info("uploaded {} ({} MiB) as the public image {} ({}) in {} s", disk,
          Files.size(disk) >> 20, NAME, created.id(), (System.nanoTime() - t0) / 1_000_000_000);
      return created.id();
    } catch (Exception e) {
      LOG.warn("uploading {} as {} failed: {}", disk, NAME, e.getMessage());
      return null;
    }
  }

  private RequestContext adminContext() {
    String domain = "default";
    String project = identity.projectStore.findByName(domain, "admin")
        .orElseThrow(() -> new IllegalStateException("no admin project")).id();
    String user = identity.userStore.findByName(domain, "admin")
        .orElseThrow(() -> new IllegalStateException("no admin user")).id();
    return new RequestContext(user, "admin", domain, project, "admin", domain, null, false,
        Set.of("admin", "member", "reader"), Set.of(), null, Instant.MAX, List.of(), null, null);
  }

  private static String tail(String text) {
    String t = text.strip();
    return t.length() > 400 ? "..." + t.substring(t.length() - 400) : t;
  }
}
