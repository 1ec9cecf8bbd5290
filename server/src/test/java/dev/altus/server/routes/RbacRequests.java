package dev.altus.server.routes;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The request each caller sends to a route in the RBAC matrix: the path with project A's
 * resources, and for the everyday writes a body that would succeed for a caller allowed to write
 * (so a refusal is the policy's, not the body's); other writes send an empty JSON object.
 */
final class RbacRequests {
  record Request(String path, byte[] body, String type, Map<String, String> headers) {
    Request(String path, byte[] body, String type) {
      this(path, body, type, Map.of());
    }

    /** The block storage routes at the newest microversion, so its later routes are reached. */
    Request forService(String service) {
      return service.equals("volume")
          ? new Request(path, body, type, Map.of("OpenStack-API-Version", "volume latest")) : this;
    }
  }

  private static final String JSON = "application/json";
  private static final String PATCH = "application/openstack-images-v2.1-json-patch";

  /** Bodies by "METHOD template"; ${caller} makes names unique, ${network} is A's network. */
  private static final Map<String, String> BODIES = Map.ofEntries(
      Map.entry("POST /v2.0/networks", "{\"network\": {\"name\": \"m-${caller}\"}}"),
      Map.entry("PUT /v2.0/networks/{id}", "{\"network\": {\"name\": \"m2\"}}"),
      // on project A's first subnet: the network has more subnets by then (the subnet creates
      // below), and which one an address comes from otherwise depends on their random ids, and
      // with it whether deleting the first subnet finds it in use
      Map.entry("POST /v2.0/ports", "{\"port\": {\"network_id\": \"${networks}\","
          + " \"fixed_ips\": [{\"subnet_id\": \"${subnets}\"}]}}"),
      Map.entry("PUT /v2.0/ports/{id}", "{\"port\": {\"name\": \"m2\"}}"),
      Map.entry("PUT /v2.0/subnets/{id}", "{\"subnet\": {\"name\": \"m2\"}}"),
      Map.entry("POST /v2.0/routers", "{\"router\": {\"name\": \"m-${caller}\"}}"),
      Map.entry("PUT /v2.0/routers/{id}", "{\"router\": {\"name\": \"m2\"}}"),
      Map.entry("POST /v2.0/security-groups", "{\"security_group\": {\"name\": \"m-${caller}\"}}"),
      Map.entry("PUT /v2.0/security-groups/{id}", "{\"security_group\": {\"name\": \"m2\"}}"),
      Map.entry("PUT /v2.0/subnetpools/{id}", "{\"subnetpool\": {\"name\": \"m2\"}}"),
      Map.entry("POST /v2/images", "{\"name\": \"m-${caller}\"}"),
      Map.entry("PATCH /v2/images/{image_id}",
          "[{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"m2\"}]"),
      Map.entry("POST /v2.1/os-keypairs", "{\"keypair\": {\"name\": \"k-${caller}\"}}"),
      Map.entry("PUT /v2.1/servers/{server_id}", "{\"server\": {\"name\": \"m2\"}}"),
      Map.entry("POST /v2.1/servers/{server_id}/action", "{\"os-getConsoleOutput\": {\"length\": 5}}"),
      Map.entry("POST /v2.1/servers/{server_id}/metadata", "{\"metadata\": {\"a\": \"b\"}}"),
      Map.entry("PUT /v2.1/servers/{server_id}/metadata", "{\"metadata\": {\"a\": \"b\"}}"),
      Map.entry("PUT /v2.1/servers/{server_id}/metadata/{key}", "{\"meta\": {\"k1\": \"v\"}}"),
      Map.entry("POST /v2.1/images/{image_id}/metadata", "{\"metadata\": {\"a\": \"b\"}}"),
      Map.entry("PUT /v2.1/images/{image_id}/metadata", "{\"metadata\": {\"a\": \"b\"}}"),
      Map.entry("PUT /v2.1/images/{image_id}/metadata/{key}", "{\"meta\": {\"k1\": \"v\"}}"),
      Map.entry("POST /v2.1/os-server-groups",
          "{\"server_group\": {\"name\": \"g-${caller}\", \"policies\": [\"affinity\"]}}"),
      Map.entry("POST /v2.1/os-security-groups",
          "{\"security_group\": {\"name\": \"c-${caller}\", \"description\": \"d\"}}"),
      Map.entry("POST /v2.0/subnets", "{\"subnet\": {\"network_id\": \"${networks}\","
          + " \"ip_version\": 4, \"cidr\": \"10.${n}.0.0/24\"}}"),
      Map.entry("POST /v2.0/security-group-rules", "{\"security_group_rule\": {\"security_group_id\":"
          + " \"${security-groups}\", \"direction\": \"ingress\", \"protocol\": \"tcp\","
          + " \"port_range_min\": ${n}, \"port_range_max\": ${n}}}"),
      Map.entry("POST /v2.0/subnetpools", "{\"subnetpool\": {\"name\": \"sp-${caller}\","
          + " \"prefixes\": [\"10.${n}.0.0/16\"], \"default_prefixlen\": 24}}"),
      Map.entry("POST /v3/{project_id}/volumes",
          "{\"volume\": {\"size\": 1, \"name\": \"v-${caller}\"}}"),
      Map.entry("PUT /v3/{project_id}/volumes/{id}", "{\"volume\": {\"name\": \"m2\"}}"),
      Map.entry("POST /v3/{project_id}/volumes/{id}/action",
          "{\"os-update_readonly_flag\": {\"readonly\": false}}"),
      Map.entry("POST /v3/{project_id}/volumes/{id}/metadata", "{\"metadata\": {\"a\": \"b\"}}"),
      Map.entry("PUT /v3/{project_id}/volumes/{id}/metadata", "{\"metadata\": {\"k1\": \"b\"}}"),
      Map.entry("PUT /v3/{project_id}/volumes/{id}/metadata/{key}", "{\"meta\": {\"k1\": \"v\"}}"),
      Map.entry("POST /v3/{project_id}/snapshots", "{\"snapshot\": {\"volume_id\":"
          + " \"${volumes}\", \"name\": \"s-${caller}\"}}"),
      Map.entry("PUT /v3/{project_id}/snapshots/{id}", "{\"snapshot\": {\"name\": \"m2\"}}"),
      Map.entry("POST /v3/{project_id}/snapshots/{id}/action",
          "{\"os-reset_status\": {\"status\": \"available\"}}"),
      Map.entry("POST /v3/{project_id}/snapshots/{id}/metadata", "{\"metadata\": {\"a\": \"b\"}}"),
      Map.entry("PUT /v3/{project_id}/snapshots/{id}/metadata",
          "{\"metadata\": {\"k1\": \"b\"}}"),
      Map.entry("PUT /v3/{project_id}/snapshots/{id}/metadata/{key}",
          "{\"meta\": {\"k1\": \"v\"}}"),
      Map.entry("POST /v3/{project_id}/types", "{\"volume_type\": {\"name\": \"t-${caller}\"}}"),
      Map.entry("PUT /v3/{project_id}/types/{id}", "{\"volume_type\": {\"description\": \"d\"}}"),
      Map.entry("POST /v3/{project_id}/types/{id}/extra_specs",
          "{\"extra_specs\": {\"k2\": \"v\"}}"),
      Map.entry("PUT /v3/{project_id}/types/{id}/extra_specs/{key}", "{\"k1\": \"v2\"}"),
      Map.entry("POST /v3/{project_id}/types/{id}/action",
          "{\"addProjectAccess\": {\"project\": \"${target}\"}}"),
      Map.entry("PUT /v3/{project_id}/os-quota-sets/{target}", "{\"quota_set\": {\"volumes\": 20}}"),
      Map.entry("PUT /v3/{project_id}/os-quota-class-sets/{class}",
          "{\"quota_class_set\": {\"volumes\": 20}}"),
      Map.entry("PUT /v3/{project_id}/os-services/{action}",
          "{\"host\": \"${host}\", \"binary\": \"cinder-volume\"}"),
      Map.entry("POST /v3/projects", "{\"project\": {\"name\": \"p-${caller}\"}}"),
      Map.entry("PATCH /v3/projects/{id}", "{\"project\": {\"description\": \"d\"}}"),
      Map.entry("PATCH /v3/users/{id}", "{\"user\": {\"description\": \"d\"}}"));

  private RbacRequests() {}

  static Request build(String service, String method, String template, String caller,
      TestCloud cloud) {
    return request(service, method, template, caller, cloud).forService(service);
  }

  private static Request request(String service, String method, String template, String caller,
      TestCloud cloud) {
    Map<String, String> fixtures = cloud.fixturesFor(service, caller);
    String path = Routes.fill(template, fixtures, "00000000-0000-4000-8000-00000000dead");
    if (!Routes.writes(method) || method.equals("DELETE")) {
      return new Request(path, null, JSON);
    }
    String body = BODIES.getOrDefault(method + " " + template,
        method.equals("PUT") && template.endsWith("/tags") ? "{\"tags\": [\"a\", \"b\"]}" : "{}")
        .replace("${caller}", caller)
        .replace("${n}", Integer.toString(101 + java.util.Arrays.asList(TestCloud.CALLERS).indexOf(caller)));
    for (var e : fixtures.entrySet()) {
      body = body.replace("${" + e.getKey() + "}", e.getValue());
    }
    String type = service.equals("image") && method.equals("PATCH") ? PATCH : JSON;
    if (type.equals(PATCH) && body.equals("{}")) {
      body = "[]";
    }
    if (template.endsWith("/file") || template.endsWith("/stage")) {
      return new Request(path, "x".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
    }
    return new Request(path, body.getBytes(StandardCharsets.UTF_8), type);
  }
}
