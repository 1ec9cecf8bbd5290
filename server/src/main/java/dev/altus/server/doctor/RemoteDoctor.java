package dev.altus.server.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.altus.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code altus doctor} command does: logs in to the cloud as its clouds.yaml says, asks
 * the compute API for the cloud's findings ({@link DoctorResource}) and adds what only a client
 * can see: whether the APIs and the console's base URL answer from where it runs.
 */
final class RemoteDoctor {
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final CloudsYaml cloud;

  RemoteDoctor(CloudsYaml cloud) {
    this.cloud = cloud;
  }

  DoctorReport examine() throws InterruptedException {
    List<Finding> mine = new ArrayList<>();
    String base = cloud.authUrl().replaceAll("/+$", "");
    String tokensUrl = (base.endsWith("/v3") ? base : base + "/v3") + "/auth/tokens";
    HttpResponse<String> auth;
    try {
      auth = http.send(HttpRequest.newBuilder(URI.create(tokensUrl))
          .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(authBody().toString())).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      mine.add(Finding.fail("api", "the identity API at " + base + " (cloud '" + cloud.cloud()
          + "' of " + cloud.file() + ") cannot be reached from this machine: " + message(e),
          "start the cloud (./altus up --data-dir DIR --host ADDRESS) or check the address and"
              + " the firewall between here and it"));
      return new DoctorReport(mine);
    }
    if (auth.statusCode() != 201) {
      mine.add(Finding.fail("api", "logging in as " + cloud.username() + " at " + base
          + " failed with HTTP " + auth.statusCode() + ": " + abbreviate(auth.body()),
          "check the password and project of cloud '" + cloud.cloud() + "' in " + cloud.file()));
      return new DoctorReport(mine);
    }
    String token = auth.headers().firstValue("X-Subject-Token").orElse("");
    String compute = endpoint(Json.parse(auth.body()), "compute");
    if (compute == null) {
      mine.add(Finding.fail("api", "the catalog has no public compute endpoint",
          "the cloud registers it at start: restart it"));
      return new DoctorReport(mine);
    }
    mine.add(Finding.ok("api", "logged in at " + base + " as " + cloud.username()
        + "; compute at " + compute));
    String root = compute.replaceAll("/v2(\\.1)?(/.*)?$", "");
    HttpResponse<String> r;
    try {
      r = http.send(HttpRequest.newBuilder(URI.create(root + DoctorResource.PATH))
          .timeout(Duration.ofSeconds(120)).header("X-Auth-Token", token).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      mine.add(Finding.fail("api", "the compute API at " + root + " cannot be reached from this"
          + " machine: " + message(e), "check that address and the firewall towards it"));
      return new DoctorReport(mine);
    }
    if (r.statusCode() != 200) {
      mine.add(Finding.fail("api", "GET " + root + DoctorResource.PATH + " answered HTTP "
          + r.statusCode() + ": " + abbreviate(r.body()), r.statusCode() == 403
          ? "the doctor's findings are for admins: use an admin's cloud entry" : ""));
      return new DoctorReport(mine);
    }
    JsonNode body = Json.parse(r.body());
    DoctorReport cloudSide = DoctorReport.fromJson(body);
    String novnc = body.path("doctor").path("novnc_base_url").asText("");
    if (!novnc.isEmpty()) {
      mine.addAll(new ConsoleCheck(novnc, URI.create(base).getHost(), "from this machine").run());
    }
    return new DoctorReport(mine).plus(cloudSide.findings());
  }

  private ObjectNode authBody() {
    ObjectNode root = Json.object();
    ObjectNode a = root.putObject("auth");
    ObjectNode id = a.putObject("identity");
    id.putArray("methods").add("password");
    ObjectNode user = id.putObject("password").putObject("user");
    user.put("name", cloud.username());
    user.putObject("domain").put("name", cloud.userDomain());
    user.put("password", cloud.password());
    ObjectNode project = a.putObject("scope").putObject("project");
    project.put("name", cloud.projectName());
    project.putObject("domain").put("name", cloud.projectDomain());
    return root;
  }

  private static String endpoint(JsonNode token, String type) {
    for (JsonNode s : token.path("token").path("catalog")) {
      if (s.path("type").asText().equals(type)) {
        for (JsonNode e : s.path("endpoints")) {
          if (e.path("interface").asText().equals("public")) {
            return e.path("url").asText();
          }
        }
      }
    }
    return null;
  }

  private static String message(java.io.IOException e) {
    return ConsoleCheck.why(e);
  }

  private static String abbreviate(String s) {
    s = s.strip();
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
