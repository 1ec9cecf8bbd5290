package dev.altus.server.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cloud of a clouds.yaml file, found where the openstack CLI looks ({@code
 * OS_CLIENT_CONFIG_FILE}, {@code ./clouds.yaml}, {@code ~/.config/openstack/clouds.yaml}, {@code
 * /etc/openstack/clouds.yaml}) or in a data dir: what {@code altus doctor} needs to log in.
 */
record CloudsYaml(Path file, String cloud, String authUrl, String username, String password,
    String userDomain, String projectName, String projectDomain) {

  /** The files searched for {@code --os-cloud}, in order. */
  static List<Path> searchPath(Map<String, String> env) {
    List<Path> out = new ArrayList<>();
    if (env.containsKey("OS_CLIENT_CONFIG_FILE")) {
      out.add(Path.of(env.get("OS_CLIENT_CONFIG_FILE")));
    }
    out.add(Path.of("clouds.yaml"));
    out.add(Path.of(System.getProperty("user.home"), ".config", "openstack", "clouds.yaml"));
    out.add(Path.of("/etc/openstack/clouds.yaml"));
    return out;
  }

  /** The cloud named {@code cloud} in the first file of {@code files} that exists. */
  static CloudsYaml find(List<Path> files, String cloud) {
    for (Path f : files) {
      if (Files.isRegularFile(f)) {
        return read(f, cloud);
      }
    }
    throw new IllegalArgumentException("no clouds.yaml found (looked at " + files + ")");
  }

  static CloudsYaml read(Path file, String cloud) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    JsonNode c = root == null ? null : root.path("clouds").get(cloud);
    if (c == null) {
      throw new IllegalArgumentException("no cloud named '" + cloud + "' in " + file);
    }
    JsonNode a = c.path("auth");
    if (!a.hasNonNull("auth_url") || !a.hasNonNull("username") || !a.hasNonNull("password")) {
      throw new IllegalArgumentException("cloud '" + cloud + "' in " + file + " lacks auth_url,"
          + " username or password (altus doctor logs in with a password)");
    }
    return new CloudsYaml(file, cloud, a.path("auth_url").asText(), a.path("username").asText(),
        a.path("password").asText(), a.path("user_domain_name").asText("Default"),
        a.path("project_name").asText("admin"), a.path("project_domain_name").asText("Default"));
  }
}
