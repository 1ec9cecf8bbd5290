package dev.altus.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes clouds.yaml and the openrc files that the openstack CLI and SDK read. */
final class CloudFiles {
  private CloudFiles() {}

  static void write(Path dataDir, String authUrl, String region, String adminPassword,
      String demoPassword) throws IOException {
    String yaml = "clouds:\n"
        + cloud("altus", authUrl, region, "admin", "admin", adminPassword)
        + cloud("altus-demo", authUrl, region, "demo", "demo", demoPassword);
    secret(dataDir.resolve("clouds.yaml"), yaml);
    secret(dataDir.resolve("admin-openrc.sh"), openrc(authUrl, region, "admin", "admin", adminPassword));
    secret(dataDir.resolve("demo-openrc.sh"), openrc(authUrl, region, "demo", "demo", demoPassword));
  }

  private static String cloud(String name, String authUrl, String region, String user,
      String project, String password) {
    return "  " + name + ":\n"
        + "    auth:\n"
        + "      auth_url: " + authUrl + "\n"
        + "      username: " + user + "\n"
        + "      password: \"" + password + "\"\n"
        + "      project_name: " + project + "\n"
        + "      user_domain_name: Default\n"
        + "      project_domain_name: Default\n"
        + "    region_name: " + region + "\n"
        + "    interface: public\n"
        + "    identity_api_version: 3\n";
  }

  private static String openrc(String authUrl, String region, String user, String project,
      String password) {
    return "# Source this file to use the openstack CLI as " + user + ".\n"
        + "export OS_AUTH_URL=" + authUrl + "\n"
        + "export OS_IDENTITY_API_VERSION=3\n"
        + "export OS_USERNAME=" + user + "\n"
        + "export OS_PASSWORD='" + password + "'\n"
        + "export OS_PROJECT_NAME=" + project + "\n"
        + "export OS_USER_DOMAIN_NAME=Default\n"
        + "export OS_PROJECT_DOMAIN_NAME=Default\n"
        + "export OS_REGION_NAME=" + region + "\n"
        + "export OS_INTERFACE=public\n";
  }

  private static void secret(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
