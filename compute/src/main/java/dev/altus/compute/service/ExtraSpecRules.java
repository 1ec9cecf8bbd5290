package dev.altus.compute.service;

import dev.altus.common.error.ApiException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The flavor extra specs Nova knows (microversion 2.86 on): a key in a namespace Nova owns ({@code
 * hw:}, {@code hw_rng:}, {@code quota:}, {@code resources:}, {@code trait:} ...) must be one it
 * knows, with a value of the right kind; keys in other namespaces (an operator's own) pass.
 */
public final class ExtraSpecRules {
  private ExtraSpecRules() {}

  /** What a known key's value must be. */
  private record Rule(Pattern key, String kind, Set<String> values) {}

  private static final Pattern NAMESPACES = Pattern.compile("hw|hw_rng|hw_video|os|quota"
      + "|resources[a-zA-Z0-9_-]{0,64}|trait[a-zA-Z0-9_-]{0,64}|accel|pci_passthrough"
      + "|aggregate_instance_extra_specs|capabilities|vmware");
  private static final Set<String> RESOURCE_CLASSES = Set.of("VCPU", "MEMORY_MB", "DISK_GB",
      "PCI_DEVICE", "SRIOV_NET_VF", "NUMA_SOCKET", "NUMA_CORE", "NUMA_THREAD", "NUMA_MEMORY_MB",
      "IPV4_ADDRESS", "VGPU", "VGPU_DISPLAY_HEAD", "NET_BW_EGR_KILOBIT_PER_SEC",
      "NET_BW_IGR_KILOBIT_PER_SEC", "PCPU", "MEM_ENCRYPTION_CONTEXT", "FPGA", "PGPU",
      "NET_PACKET_RATE_KILOPACKET_PER_SEC", "NET_PACKET_RATE_EGR_KILOPACKET_PER_SEC",
      "NET_PACKET_RATE_IGR_KILOPACKET_PER_SEC");
  private static final List<Rule> RULES = List.of(
      rule("hw:cpu_realtime", "bool"), rule("hw:cpu_realtime_mask", "str"),
      rule("hw:hide_hypervisor_id", "bool"), rule("hw:cpu_policy", "dedicated", "shared", "mixed"),
      rule("hw:cpu_thread_policy", "prefer", "isolate", "require"),
      rule("hw:emulator_threads_policy", "isolate", "share"),
      rule("hw:cpu_dedicated_mask", "str"), rule("hw:mem_page_size", "page"),
      rule("hw:locked_memory", "bool"), rule("hw:numa_nodes", "int"),
      rule("hw:numa_cpus\\.\\d+", "str"), rule("hw:numa_mem\\.\\d+", "int"),
      rule("hw:pci_numa_affinity_policy", "required", "preferred", "legacy", "socket"),
      rule("hw:cpu_sockets", "int"), rule("hw:cpu_cores", "int"), rule("hw:cpu_threads", "int"),
      rule("hw:cpu_max_sockets", "int"), rule("hw:cpu_max_cores", "int"),
      rule("hw:cpu_max_threads", "int"), rule("hw:boot_menu", "bool"),
      rule("hw:vif_multiqueue_enabled", "bool"), rule("hw:mem_encryption", "bool"),
      rule("hw:mem_encryption_model", "amd-sev", "amd-sev-es", "amd-sev-snp"),
      rule("hw:pmem", "str"), rule("hw:pmu", "bool"), rule("hw:serial_port_count", "int"),
      rule("hw:tpm_model", "tpm-tis", "tpm-crb"), rule("hw:tpm_version", "1.2", "2.0"),
      rule("hw:watchdog_action", "none", "pause", "poweroff", "reset", "disabled"),
      rule("hw:viommu_model", "intel", "smmuv3", "virtio", "auto"),
      rule("hw:virtio_packed_ring", "bool"), rule("hw:cpu_model", "str"),
      rule("hw_rng:allowed", "bool"), rule("hw_rng:rate_bytes", "int"),
      rule("hw_rng:rate_period", "int"), rule("hw_video:ram_max_mb", "int"),
      rule("os:secure_boot", "disabled", "required", "optional"),
      rule("quota:(cpu|memory|disk_io|vif)_(limit|reservation|shares_share)", "int"),
      rule("quota:(cpu|memory|disk_io|vif)_shares_level", "custom", "high", "normal", "low"),
      rule("quota:cpu_(shares|period|quota)", "int"),
      rule("quota:disk_(read|write|total)_(bytes|iops)_sec", "int"),
      rule("quota:vif_(inbound|outbound)_(average|peak|burst)", "int"),
      rule("accel:device_profile", "str"),
      rule("pci_passthrough:alias", "alias"),
      rule("aggregate_instance_extra_specs:.+", "str"),
      rule("capabilities:.+", "str"),
      rule("vmware:.+", "str"),
      rule("resources[a-zA-Z0-9_-]{0,64}:(CUSTOM_[A-Z0-9_]+|[A-Z0-9_]+)", "resource"),
      rule("trait[a-zA-Z0-9_-]{0,64}:[A-Z0-9_]+", "required", "forbidden"));

  private static Rule rule(String key, String kind) {
    return new Rule(Pattern.compile(key), kind, Set.of());
  }

  private static Rule rule(String key, String... values) {
    return new Rule(Pattern.compile(key), "enum", Set.of(values));
  }

  /** Throws 400 when {@code key} is in a namespace Nova owns but unknown, or its value is wrong. */
  public static void check(String key, String value) {
    for (Rule r : RULES) {
      if (r.key().matcher(key).matches()) {
        if (!valid(r, key, value)) {
          throw ApiException.badRequest("Validation failed; '" + value + "' is not a valid value"
              + " for extra spec '" + key + "'" + (r.values().isEmpty() ? ""
                  : "; expected one of " + new java.util.TreeSet<>(r.values())) + ".");
        }
        return;
      }
    }
    int colon = key.indexOf(':');
    if (colon > 0 && NAMESPACES.matcher(key.substring(0, colon)).matches()) {
      throw ApiException.badRequest("Validation failed; extra spec '" + key + "' does not appear"
          + " to be a valid extra spec.");
    }
  }

  private static boolean valid(Rule r, String key, String value) {
    return switch (r.kind()) {
      case "bool" -> Set.of("true", "false", "1", "0", "yes", "no", "t", "f", "on", "off", "y",
          "n").contains(value.toLowerCase());
      case "int" -> value.matches("-?\\d{1,10}") && Long.parseLong(value) >= 0;
      case "page" -> value.matches("(any|large|small|\\d+([kKmMgG][bB]?)?)");
      case "alias" -> value.matches("[^:]+:\\d+(\\s*,\\s*[^:]+:\\d+)*");
      case "resource" -> value.matches("\\d{1,10}") && resourceClass(key);
      case "enum" -> r.values().contains(value);
      default -> true;
    };
  }

  private static boolean resourceClass(String key) {
    String rc = key.substring(key.indexOf(':') + 1);
    return rc.startsWith("CUSTOM_") || RESOURCE_CLASSES.contains(rc);
  }

}
