package dev.altus.compute.scheduler.filters;

import dev.altus.compute.scheduler.HostFilter;
import dev.altus.compute.scheduler.HostState;
import dev.altus.compute.scheduler.ScheduleRequest;
import java.util.Locale;
import java.util.Map;

/**
 * The image's requirements: its architecture (hw_architecture or architecture), hypervisor type
 * (img_hv_type or hypervisor_type) and minimum hypervisor version (img_hv_requested_version, e.g.
 * "&gt;= 6000000").
 */
public final class ImagePropertiesFilter implements HostFilter {
  private static final Map<String, String> ARCH_ALIASES = Map.of("amd64", "x86_64",
      "x64", "x86_64", "i386", "i686", "arm64", "aarch64");

  @Override
  public String name() {
    return "ImagePropertiesFilter";
  }

  @Override
  public String reject(HostState h, ScheduleRequest r) {
    Map<String, String> p = r.spec().imageProperties();
    String arch = p.getOrDefault("hw_architecture", p.get("architecture"));
    if (arch != null && !arch.isBlank() && !norm(arch).equals(norm(h.cpuArch()))) {
      return "image architecture " + arch + " but host is " + h.cpuArch();
    }
    String hv = p.getOrDefault("img_hv_type", p.get("hypervisor_type"));
    if (hv != null && !hv.isBlank() && !hvNorm(hv).equals(hvNorm(h.hypervisorType()))) {
      return "image hypervisor type " + hv + " but host runs " + h.hypervisorType();
    }
    String ver = p.get("img_hv_requested_version");
    if (ver != null && !ver.isBlank() && !ExtraSpecOps.matches(
        String.valueOf(h.hypervisorVersion()), ver)) {
      return "image needs hypervisor version " + ver + " but host has "
          + h.hypervisorVersion();
    }
    return null;
  }

  private static String norm(String arch) {
    String a = arch.toLowerCase(Locale.ROOT);
    return ARCH_ALIASES.getOrDefault(a, a);
  }

  private static String hvNorm(String hv) {
    String v = hv.toLowerCase(Locale.ROOT);
    return v.equals("kvm") ? "qemu" : v;
  }
}
