package dev.altus.compute.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import java.util.List;

/**
 * {@code /extensions}: the v2 extension names of the features this compute service offers, which
 * older clients read to learn what a cloud can do (Nova keeps the list for them, frozen).
 */
public final class ExtensionResource {
  private record Extension(String alias, String name, String description) {}

  private static final String UPDATED = "2014-12-03T00:00:00Z";
  private static final String NAMESPACE = "http://docs.openstack.org/compute/ext/fake_xml";

  private static final List<Extension> OFFERED = List.of(
      new Extension("os-admin-actions", "AdminActions", "Resets server state (admins)."),
      new Extension("os-aggregates", "Aggregates", "Host aggregates."),
      new Extension("os-availability-zone", "AvailabilityZone", "Availability zones."),
      new Extension("os-console-output", "ConsoleOutput", "A server's console log."),
      new Extension("os-consoles", "Consoles", "Remote consoles of servers."),
      new Extension("os-create-backup", "CreateBackup", "Backups of servers with rotation."),
      new Extension("os-deferred-delete", "DeferredDelete", "Restore and force delete."),
      new Extension("os-extended-server-attributes", "ExtendedServerAttributes",
          "Host and instance name of servers (admins)."),
      new Extension("os-extended-status", "ExtendedStatus", "Task, VM and power states."),
      new Extension("os-flavor-access", "FlavorAccess", "Private flavors shared with projects."),
      new Extension("os-flavor-extra-specs", "FlavorExtraSpecs", "Flavor extra specs."),
      new Extension("os-flavor-manage", "FlavorManage", "Creating and deleting flavors."),
      new Extension("os-hosts", "Hosts", "Compute hosts and their resources."),
      new Extension("os-hypervisors", "Hypervisors", "Hypervisors and their usage."),
      new Extension("os-instance-actions", "InstanceActions", "What was done to a server."),
      new Extension("os-keypairs", "Keypairs", "SSH and x509 key pairs."),
      new Extension("os-lock-server", "LockServer", "Locking servers."),
      new Extension("os-pause-server", "PauseServer", "Pausing servers."),
      new Extension("os-quota-class-sets", "QuotaClasses", "Default quota classes."),
      new Extension("os-quota-sets", "Quotas", "Per-project quotas."),
      new Extension("os-rescue", "Rescue", "Rescue mode for servers."),
      new Extension("os-server-groups", "ServerGroups", "Server groups and their policies."),
      new Extension("os-server-password", "ServerPassword", "Encrypted admin passwords."),
      new Extension("os-services", "Services", "Compute services."),
      new Extension("os-simple-tenant-usage", "SimpleTenantUsage", "Usage per project."),
      new Extension("os-suspend-server", "SuspendServer", "Suspending servers."));

  public void routes(Router r) {
    r.get("/v2.1/extensions", this::list);
    r.get("/v2.1/extensions/{alias}", this::show);
  }

  private ApiResponse list(ApiRequest req) {
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("extensions");
    OFFERED.forEach(e -> list.add(view(e)));
    return ApiResponse.ok(body);
  }

  private ApiResponse show(ApiRequest req) {
    String alias = req.param("alias");
    Extension e = OFFERED.stream().filter(x -> x.alias().equals(alias)).findFirst()
        .orElseThrow(() -> ApiException.notFound("Extension " + alias + " could not be found."));
    ObjectNode body = Json.object();
    body.set("extension", view(e));
    return ApiResponse.ok(body);
  }

  private static ObjectNode view(Extension e) {
    ObjectNode o = Json.object();
    o.put("alias", e.alias());
    o.put("name", e.name());
    o.put("description", e.description());
    o.put("namespace", NAMESPACE);
    o.put("updated", UPDATED);
    o.putArray("links");
    return o;
  }
}
