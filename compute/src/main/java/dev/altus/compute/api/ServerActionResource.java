package dev.altus.compute.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.context.RequestContext;
import dev.altus.common.error.ApiException;
import dev.altus.common.http.ApiRequest;
import dev.altus.common.http.ApiResponse;
import dev.altus.common.http.Router;
import dev.altus.common.json.Json;
import dev.altus.common.policy.PolicyEngine;
import dev.altus.compute.model.Server;
import dev.altus.compute.model.ServerStates;
import dev.altus.compute.service.KeyPairLookup;
import dev.altus.compute.service.ServerActions;
import dev.altus.compute.service.ServerConsoles;
import dev.altus.compute.service.ServerSecurityGroups;
import dev.altus.compute.service.ServerService;
import java.util.Map;
import java.util.Set;

/** {@code POST /v2.1/servers/{id}/action}: one action per request, named by the body's key. */
public final class ServerActionResource {
  private final ServerService servers;
  private final ServerActions actions;
  private final ServerConsoles consoles;
  private final ServerSecurityGroups securityGroups;
  private final ServerViews views;
  private final PolicyEngine policy;
  private final KeyPairLookup keys;
  private final dev.altus.compute.service.ServerFloatingIps floatingIps;

  ServerActionResource(ServerService servers, ServerActions actions, ServerConsoles consoles,
      ServerSecurityGroups securityGroups, ServerViews views, PolicyEngine policy,
      KeyPairLookup keys, dev.altus.compute.service.ServerFloatingIps floatingIps) {
    this.floatingIps = floatingIps;
    this.servers = servers;
    this.actions = actions;
    this.consoles = consoles;
    this.securityGroups = securityGroups;
    this.views = views;
    this.policy = policy;
    this.keys = keys;
  }

  public void routes(Router r) {
    r.post("/v2.1/servers/{server_id}/action", this::action);
  }

  private ApiResponse action(ApiRequest req) {
    RequestContext ctx = req.context();
    Microversion v = Microversion.of(req);
    JsonNode doc = req.json();
    if (!doc.isObject() || doc.size() != 1) {
      throw ApiException.badRequest("The action body must be an object with exactly one key,"
          + " the action's name.");
    }
    String name = doc.fieldNames().next();
    JsonNode arg = doc.get(name);
    Server s = servers.get(ctx, req.param("server_id"));
    String id = s.id();
    String rid = req.requestId();
    switch (name) {
      case "os-stop" -> {
        enforce("os_compute_api:servers:stop", ctx, s);
        actions.stop(ctx, id, rid);
      }
      case "os-start" -> {
        enforce("os_compute_api:servers:start", ctx, s);
        actions.start(ctx, id, rid);
      }
      case "reboot" -> {
        enforce("os_compute_api:servers:reboot", ctx, s);
        JsonNode b = object(arg, "reboot");
        RequestChecks.onlyFields(b, Set.of("type"), "reboot");
        String type = b.has("type") ? b.get("type").asText() : null;
        if (type == null || !(type.equalsIgnoreCase("SOFT") || type.equalsIgnoreCase("HARD"))) {
          throw ApiException.badRequest("Invalid input for field/attribute type. Value: " + type
              + ". It must be SOFT or HARD.");
        }
        actions.reboot(ctx, id, rid, type.equalsIgnoreCase("HARD"));
      }
      case "pause" -> {
        enforce("os_compute_api:os-pause-server:pause", ctx, s);
        actions.pause(ctx, id, rid);
      }
      case "unpause" -> {
        enforce("os_compute_api:os-pause-server:unpause", ctx, s);
        actions.unpause(ctx, id, rid);
      }
      case "suspend" -> {
        enforce("os_compute_api:os-suspend-server:suspend", ctx, s);
        actions.suspend(ctx, id, rid);
      }
      case "resume" -> {
        enforce("os_compute_api:os-suspend-server:resume", ctx, s);
        actions.resume(ctx, id, rid);
      }
      case "lock" -> {
        enforce("os_compute_api:os-lock-server:lock", ctx, s);
        String reason = null;
        if (arg != null && !arg.isNull()) {
          JsonNode b = object(arg, "lock");
          RequestChecks.onlyFields(b, v.atLeast(73) ? Set.of("locked_reason") : Set.of(), "lock");
          reason = b.has("locked_reason") ? RequestChecks.string(b.get("locked_reason"),
              "locked_reason", 0, 255) : null;
        }
        actions.lock(ctx, id, rid, reason);
      }
      case "unlock" -> {
        enforce("os_compute_api:os-lock-server:unlock", ctx, s);
        actions.unlock(ctx, id, rid, policy.allowed(
            "os_compute_api:os-lock-server:unlock:unlock_override", ctx, ServerResource.target(s)));
      }
      case "rescue" -> {
        enforce("os_compute_api:os-rescue", ctx, s);
        String image = null;
        String pass = null;
        if (arg != null && !arg.isNull()) {
          JsonNode b = object(arg, "rescue");
          RequestChecks.onlyFields(b, Set.of("adminPass", "rescue_image_ref"), "rescue");
          image = b.has("rescue_image_ref") ? RequestChecks.string(b.get("rescue_image_ref"),
              "rescue_image_ref", 1, 255) : null;
          pass = b.has("adminPass") ? RequestChecks.string(b.get("adminPass"), "adminPass", 0,
              255) : null;
        }
        actions.rescue(ctx, id, rid, image);
        ObjectNode body = Json.object();
        body.put("adminPass", pass != null ? pass : Long.toString(Math.abs(
            new java.security.SecureRandom().nextLong()), 36));
        return ApiResponse.ok(body);
      }
      case "unrescue" -> {
        enforce("os_compute_api:os-unrescue", ctx, s);
        actions.unrescue(ctx, id, rid);
      }
      case "resize" -> {
        enforce("os_compute_api:servers:resize", ctx, s);
        JsonNode b = object(arg, "resize");
        RequestChecks.onlyFields(b, Set.of("flavorRef", "OS-DCF:diskConfig"), "resize");
        JsonNode f = b.get("flavorRef");
        if (f == null || f.isNull() || (f.isTextual() && f.asText().isBlank())) {
          throw ApiException.badRequest("Invalid input for field/attribute flavorRef."
              + " 'flavorRef' is a required property");
        }
        Boolean autoDisk = b.has("OS-DCF:diskConfig")
            ? RequestChecks.diskConfig(b.get("OS-DCF:diskConfig")) : null;
        actions.resize(ctx, id, rid, f.asText(), autoDisk);
      }
      case "confirmResize" -> {
        enforce("os_compute_api:servers:confirm_resize", ctx, s);
        actions.confirmResize(ctx, id, rid);
        return ApiResponse.noContent();
      }
      case "revertResize" -> {
        enforce("os_compute_api:servers:revert_resize", ctx, s);
        actions.revertResize(ctx, id, rid);
      }
      case "rebuild" -> {
        enforce("os_compute_api:servers:rebuild", ctx, s);
        return rebuild(req, ctx, v, s, arg);
      }
      case "createImage" -> {
        enforce("os_compute_api:servers:create_image", ctx, s);
        JsonNode b = object(arg, "createImage");
        RequestChecks.onlyFields(b, Set.of("name", "metadata"), "createImage");
        if (!b.has("name")) {
          throw ApiException.badRequest("Invalid input for field/attribute createImage."
              + " 'name' is a required property");
        }
        String imageName = RequestChecks.string(b.get("name"), "name", 1, 255);
        if (!imageName.equals(imageName.strip())) {
          throw ApiException.badRequest("Invalid input for field/attribute name.");
        }
        Map<String, String> meta = b.has("metadata")
            ? RequestChecks.metadata(b.get("metadata"), "metadata") : Map.of();
        String imageId = actions.createImage(ctx, id, rid, imageName, meta);
        if (v.atLeast(45)) {
          ObjectNode body = Json.object();
          body.put("image_id", imageId);
          return ApiResponse.json(202, body);
        }
        return ApiResponse.empty(202).header("Location", imageUrl(imageId));
      }
      case "createBackup" -> {
        enforce("os_compute_api:os-create-backup", ctx, s);
        JsonNode b = object(arg, "createBackup");
        RequestChecks.onlyFields(b, Set.of("name", "backup_type", "rotation", "metadata"),
            "createBackup");
        for (String f : new String[] {"name", "backup_type", "rotation"}) {
          if (!b.has(f)) {
            throw ApiException.badRequest("Invalid input for field/attribute createBackup. '"
                + f + "' is a required property");
          }
        }
        String backupName = RequestChecks.string(b.get("name"), "name", 1, 255);
        String type = RequestChecks.string(b.get("backup_type"), "backup_type", 1, 255);
        int rotation = RequestChecks.integer(b.get("rotation"), "rotation", 0);
        Map<String, String> meta = b.has("metadata")
            ? RequestChecks.metadata(b.get("metadata"), "metadata") : Map.of();
        String imageId = actions.createBackup(ctx, id, rid, backupName, type, rotation, meta);
        if (v.atLeast(45)) {
          ObjectNode body = Json.object();
          body.put("image_id", imageId);
          return ApiResponse.json(202, body);
        }
        ApiResponse r = ApiResponse.empty(202);
        return rotation > 0 ? r.header("Location", imageUrl(imageId)) : r;
      }
      case "os-getConsoleOutput" -> {
        enforce("os_compute_api:os-console-output", ctx, s);
        Integer length = null;
        if (arg != null && !arg.isNull()) {
          JsonNode b = object(arg, "os-getConsoleOutput");
          RequestChecks.onlyFields(b, Set.of("length"), "os-getConsoleOutput");
          if (b.has("length") && !b.get("length").isNull()) {
            int l = RequestChecks.integer(b.get("length"), "length", -1);
            length = l == -1 ? null : l;
          }
        }
        ObjectNode body = Json.object();
        body.put("output", consoles.output(ctx, id, length));
        return ApiResponse.ok(body);
      }
      case "os-getVNCConsole" -> {
        enforce("os_compute_api:os-remote-consoles", ctx, s);
        JsonNode b = object(arg, "os-getVNCConsole");
        String type = b.path("type").asText("");
        if (!type.equals("novnc")) {
          throw ApiException.badRequest("Invalid input for field/attribute type. Value: " + type
              + ". Only 'novnc' consoles are available.");
        }
        ObjectNode body = Json.object();
        ObjectNode c = body.putObject("console");
        c.put("type", "novnc");
        c.put("url", consoles.vncUrl(ctx, id));
        return ApiResponse.ok(body);
      }
      case "os-getSPICEConsole", "os-getRDPConsole", "os-getSerialConsole" ->
          throw ApiException.badRequest("Unavailable console type: only noVNC consoles are"
              + " available.");
      case "addSecurityGroup" -> {
        enforce("os_compute_api:os-security-groups:add", ctx, s);
        securityGroups.add(ctx, id, groupName(arg, name));
      }
      case "removeSecurityGroup" -> {
        enforce("os_compute_api:os-security-groups:remove", ctx, s);
        securityGroups.remove(ctx, id, groupName(arg, name));
      }
      case "addFloatingIp", "removeFloatingIp" -> {
        if (v.atLeast(44)) {
          throw ApiException.badRequest("There is no such action: " + name);
        }
        boolean add = name.equals("addFloatingIp");
        enforce("os_compute_api:os-floating-ips:" + (add ? "add" : "remove"), ctx, s);
        JsonNode b = object(arg, name);
        RequestChecks.onlyFields(b, add ? Set.of("address", "fixed_address")
            : Set.of("address"), name);
        if (!b.hasNonNull("address")) {
          throw ApiException.badRequest("Invalid input for field/attribute " + name
              + ". 'address' is a required property");
        }
        String address = RequestChecks.string(b.get("address"), "address", 1, 64);
        if (!RequestChecks.validIp(address)) {
          throw ApiException.badRequest("Invalid input for field/attribute address. Value: "
              + address + ". '" + address + "' is not a 'ipv4'");
        }
        if (add) {
          String fixed = b.hasNonNull("fixed_address")
              ? RequestChecks.string(b.get("fixed_address"), "fixed_address", 1, 64) : null;
          floatingIps.add(ctx, id, address, fixed);
        } else {
          floatingIps.remove(ctx, id, address);
        }
      }
      case "os-resetState" -> {
        enforce("os_compute_api:os-admin-actions:reset_state", ctx, s);
        JsonNode b = object(arg, "os-resetState");
        String state = b.path("state").asText("");
        if (!state.equals("active") && !state.equals("error")) {
          throw ApiException.badRequest("Invalid input for field/attribute state. Value: "
              + state + ". It must be 'active' or 'error'.");
        }
        actions.resetState(ctx, id, state.equals("active") ? ServerStates.ACTIVE
            : ServerStates.ERROR);
      }
      case "forceDelete" -> {
        enforce("os_compute_api:os-deferred-delete:force", ctx, s);
        servers.delete(ctx, id, rid, true);
      }
      case "shelve" -> {
        enforce("os_compute_api:os-shelve:shelve", ctx, s);
        actions.shelve(ctx, id, rid);
      }
      case "shelveOffload" -> {
        enforce("os_compute_api:os-shelve:shelve_offload", ctx, s);
        actions.shelveOffload(ctx, id, rid);
      }
      case "unshelve" -> {
        enforce("os_compute_api:os-shelve:unshelve", ctx, s);
        boolean zoneGiven = false;
        String zone = null;
        String host = null;
        if (arg != null && !arg.isNull()) {
          JsonNode b = object(arg, "unshelve");
          RequestChecks.onlyFields(b, v.atLeast(91) ? Set.of("availability_zone", "host")
              : v.atLeast(77) ? Set.of("availability_zone") : Set.of(), "unshelve");
          if (b.has("availability_zone")) {
            zoneGiven = true;
            zone = b.get("availability_zone").isNull() ? null
                : RequestChecks.string(b.get("availability_zone"), "availability_zone", 1, 255);
          }
          if (b.hasNonNull("host")) {
            enforce("os_compute_api:os-shelve:unshelve_to_host", ctx, s);
            host = RequestChecks.string(b.get("host"), "host", 1, 255);
          }
        }
        if ((zoneGiven || host != null) && !ServerStates.SHELVED_OFFLOADED.equals(
            s.vmState())) {
          throw new ApiException(409, "InstanceInvalidState", "The server must be"
              + " SHELVED_OFFLOADED to be unshelved into a zone or onto a host.");
        }
        actions.unshelve(ctx, id, rid, zoneGiven, zone, host);
      }
      case "restore" -> {
        enforce("os_compute_api:os-deferred-delete:restore", ctx, s);
        throw new ApiException(409, "InstanceInvalidState", "Cannot 'restore' instance " + id
            + " while it is in vm_state " + s.vmState());
      }
      case "changePassword" -> {
        enforce("os_compute_api:os-admin-password", ctx, s);
        throw ApiException.notImplemented("Unable to set password on instance: the virt"
            + " driver cannot set a guest's password.");
      }
      default -> throw ApiException.badRequest("There is no such action: " + name);
    }
    return ApiResponse.empty(202);
  }

  private ApiResponse rebuild(ApiRequest req, RequestContext ctx, Microversion v, Server s,
      JsonNode arg) {
    JsonNode b = object(arg, "rebuild");
    Set<String> allowed = new java.util.HashSet<>(Set.of("imageRef", "name", "adminPass",
        "metadata", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig", "preserve_ephemeral"));
    if (!v.atLeast(57)) {
      allowed.add("personality");
    }
    if (v.atLeast(19)) {
      allowed.add("description");
    }
    if (v.atLeast(54)) {
      allowed.add("key_name");
    }
    if (v.atLeast(57)) {
      allowed.add("user_data");
    }
    if (v.atLeast(63)) {
      allowed.add("trusted_image_certificates");
    }
    if (v.atLeast(90)) {
      allowed.add("hostname");
    }
    RequestChecks.onlyFields(b, allowed, "rebuild");
    if (!b.has("imageRef")) {
      throw ApiException.badRequest("Invalid input for field/attribute rebuild. 'imageRef' is a"
          + " required property");
    }
    String image = RequestChecks.string(b.get("imageRef"), "imageRef", 1, 255);
    String newName = b.has("name") ? RequestChecks.name(b.get("name"), "name") : null;
    Map<String, String> meta = b.has("metadata")
        ? RequestChecks.metadata(b.get("metadata"), "metadata") : null;
    String ip4 = b.has("accessIPv4") ? RequestChecks.ipv4(b.get("accessIPv4"), "accessIPv4")
        : null;
    String ip6 = b.has("accessIPv6") ? RequestChecks.ipv6(b.get("accessIPv6"), "accessIPv6")
        : null;
    String pass = b.has("adminPass") ? RequestChecks.string(b.get("adminPass"), "adminPass", 0,
        255) : null;
    boolean descGiven = b.has("description");
    String desc = descGiven ? RequestChecks.nullableString(b.get("description"), "description",
        255) : null;
    boolean keyGiven = b.has("key_name");
    String key = keyGiven && !b.get("key_name").isNull()
        ? RequestChecks.string(b.get("key_name"), "key_name", 1, 255) : null;
    boolean udGiven = b.has("user_data");
    String ud = udGiven ? RequestChecks.userData(b.get("user_data")) : null;
    String hostname = b.has("hostname") ? RequestChecks.hostname(b.get("hostname")) : null;
    Boolean autoDisk = b.has("OS-DCF:diskConfig")
        ? RequestChecks.diskConfig(b.get("OS-DCF:diskConfig")) : null;
    Map<String, String> files = b.has("personality")
        ? ServerCreateBody.personality(b.get("personality")) : null;
    Server after = actions.rebuild(ctx, s.id(), req.requestId(), new ServerActions.Rebuild(
        image, newName, meta, ip4, ip6, desc, descGiven, key, keyGiven, ud, udGiven, hostname,
        autoDisk, files),
        keys);
    ObjectNode view = views.updated(ctx, v, after);
    if (v.atLeast(54)) {
      view.put("key_name", after.keyName());
    }
    if (v.atLeast(57)) {
      view.put("user_data", after.userData());
      view.remove("OS-EXT-SRV-ATTR:user_data");
    }
    view.put("adminPass", pass != null ? pass : Long.toString(Math.abs(
        new java.security.SecureRandom().nextLong()), 36));
    ObjectNode body = Json.object();
    body.set("server", view);
    return ApiResponse.json(202, body);
  }

  private String imageUrl(String imageId) {
    return views.view().root() + "/v2.1/images/" + imageId;
  }

  private static String groupName(JsonNode arg, String action) {
    JsonNode b = object(arg, action);
    RequestChecks.onlyFields(b, Set.of("name"), action);
    if (!b.has("name")) {
      throw ApiException.badRequest("Invalid input for field/attribute " + action
          + ". 'name' is a required property");
    }
    String name = RequestChecks.string(b.get("name"), "name", 0, 255);
    if (name.isBlank()) {
      throw ApiException.badRequest("Security group name cannot be empty");
    }
    return name;
  }

  private static JsonNode object(JsonNode arg, String action) {
    if (arg == null || !arg.isObject()) {
      throw ApiException.badRequest("Invalid input for field/attribute " + action
          + ". Value: " + arg + ". " + arg + " is not of type 'object'");
    }
    return arg;
  }

  private void enforce(String rule, RequestContext ctx, Server s) {
    policy.enforce(rule, ctx, ServerResource.target(s));
  }
}
