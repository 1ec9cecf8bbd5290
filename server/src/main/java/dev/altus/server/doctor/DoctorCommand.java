package dev.altus.server.doctor;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code altus doctor}: checks a running cloud and prints each finding with OK / WARN / FAIL and
 * what to do; exit status 1 when anything FAILs (2 when the cloud could not be named).
 */
@Command(name = "doctor", description = "Check a running cloud: database, bus, services and"
    + " agents, hypervisor, console URL, data plane, host firewall, bootable hosts, stuck images"
    + " and servers. Each finding is OK, WARN or FAIL with what to do; exit status 1 on FAIL.")
public final class DoctorCommand implements Callable<Integer> {
  @Option(names = "--data-dir", description = "The cloud's data dir: its clouds.yaml's 'altus'"
      + " (admin) entry is used (default: ./data unless --os-cloud is given).")
  Path dataDir;

  @Option(names = "--os-cloud", description = "A cloud of clouds.yaml (OS_CLIENT_CONFIG_FILE,"
      + " ./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml), with an"
      + " admin's credentials.")
  String osCloud;

  @Option(names = "--json", description = "Print the findings as JSON, for scripts.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    CloudsYaml cloud;
    try {
      if (osCloud != null && dataDir == null) {
        cloud = CloudsYaml.find(CloudsYaml.searchPath(System.getenv()), osCloud);
      } else {
        Path dir = dataDir == null ? Path.of("data") : dataDir;
        cloud = CloudsYaml.find(List.of(dir.resolve("clouds.yaml")),
            osCloud == null ? "altus" : osCloud);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("altus doctor: " + e.getMessage()
          + " (give --data-dir of a cloud started with ./altus up, or --os-cloud NAME)");
      return 2;
    }
    DoctorReport report = new RemoteDoctor(cloud).examine();
    System.out.print(json ? report.toJson().toPrettyString() + System.lineSeparator()
        : report.text());
    System.out.flush();
    return report.exitStatus();
  }
}
