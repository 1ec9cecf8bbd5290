package dev.altus.compute.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.altus.compute.model.Flavor;
import dev.altus.compute.model.RequestSpec;
import dev.altus.compute.scheduler.filters.AggregateInstanceExtraSpecsFilter;
import dev.altus.compute.scheduler.filters.AvailabilityZoneFilter;
import dev.altus.compute.scheduler.filters.ComputeFilter;
import dev.altus.compute.scheduler.filters.DiskFilter;
import dev.altus.compute.scheduler.filters.ExtraSpecOps;
import dev.altus.compute.scheduler.filters.ImagePropertiesFilter;
import dev.altus.compute.scheduler.filters.RamFilter;
import dev.altus.compute.scheduler.filters.RetryFilter;
import dev.altus.compute.scheduler.filters.ServerGroupAffinityFilter;
import dev.altus.compute.scheduler.filters.ServerGroupAntiAffinityFilter;
import dev.altus.compute.scheduler.filters.VcpuFilter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each filter on its own: when it passes a host, and what it says when it does not. */
class FiltersTest {
  static HostState host(String name, int ramFree, Map<String, Set<String>> aggMeta) {
    return new HostState(name, name, "nova", true, null, null, "QEMU", 7002000, "x86_64", 8, 0,
        1.0, ramFree, 0, 1.0, 100, 0, 1.0, 0, aggMeta);
  }

  static ScheduleRequest req(int ram, int vcpus, int disk, RequestSpec spec) {
    Flavor f = new Flavor("x", "x", vcpus, ram, disk, 0, 0, 1, true, false, null, Map.of());
    return new ScheduleRequest("s1", f, spec, null, 1, Map.of(), Set.of(), Set.of());
  }

  static RequestSpec spec() {
    return new RequestSpec(List.of(), null, null, null, List.of(), List.of(), Map.of(),
        List.of());
  }

  @Test
  void resourceFiltersGiveNumbers() {
    HostState h = host("compute2", 512, Map.of());
    assertThat(new RamFilter().reject(h, req(2048, 1, 1, spec())))
        .isEqualTo("RAM 512 MB free < 2048 MB requested");
    assertThat(new RamFilter().reject(h, req(512, 1, 1, spec()))).isNull();
    assertThat(new VcpuFilter().reject(h, req(1, 16, 1, spec())))
        .isEqualTo("vCPUs 8 free < 16 requested");
    assertThat(new DiskFilter().reject(h, req(1, 1, 200, spec())))
        .isEqualTo("disk 100 GB free < 200 GB requested");
  }

  @Test
  void allocationRatiosRaiseCapacity() {
    HostState h = new HostState("h", "h", "nova", true, null, null, "QEMU", 1, "x86_64", 2, 6,
        4.0, 1024, 0, 1.5, 10, 0, 1.0, 0, Map.of());
    assertThat(h.freeVcpus()).isEqualTo(2);
    assertThat(h.freeRamMb()).isEqualTo(1536);
    assertThat(new RamFilter().reject(h, req(1536, 1, 1, spec()))).isNull();
  }

  @Test
  void computeFilterNeedsEnabledAndUp() {
    HostState down = new HostState("h", "h", "nova", true, null, "down since then", "QEMU", 1, "x86_64", 8,
        0, 1, 1024, 0, 1, 10, 0, 1, 0, Map.of());
    HostState off = new HostState("h", "h", "nova", false, "maintenance", null, "QEMU", 1,
        "x86_64", 8, 0, 1, 1024, 0, 1, 10, 0, 1, 0, Map.of());
    assertThat(new ComputeFilter().reject(down, req(1, 1, 1, spec()))).contains("down");
    assertThat(new ComputeFilter().reject(off, req(1, 1, 1, spec())))
        .isEqualTo("service disabled (maintenance)");
    assertThat(new ComputeFilter().reject(host("h", 1, Map.of()), req(1, 1, 1, spec())))
        .isNull();
  }

  @Test
  void zoneAndRetry() {
    RequestSpec inZone = new RequestSpec(List.of(), "az2", null, null, List.of(), List.of(),
        Map.of(), List.of("h1"));
    assertThat(new AvailabilityZoneFilter().reject(host("h1", 1, Map.of()),
        req(1, 1, 1, inZone))).isEqualTo("in availability zone nova, not az2");
    assertThat(new RetryFilter().reject(host("h1", 1, Map.of()), req(1, 1, 1, inZone)))
        .isNotNull();
    assertThat(new RetryFilter().reject(host("h2", 1, Map.of()), req(1, 1, 1, inZone)))
        .isNull();
  }

  @Test
  void imageProperties() {
    RequestSpec arm = new RequestSpec(List.of(), null, null, null, List.of(), List.of(),
        Map.of("architecture", "aarch64"), List.of());
    RequestSpec amd = new RequestSpec(List.of(), null, null, null, List.of(), List.of(),
        Map.of("hw_architecture", "amd64", "hypervisor_type", "kvm"), List.of());
    RequestSpec xen = new RequestSpec(List.of(), null, null, null, List.of(), List.of(),
        Map.of("img_hv_type", "xen"), List.of());
    ImagePropertiesFilter f = new ImagePropertiesFilter();
    assertThat(f.reject(host("h", 1, Map.of()), req(1, 1, 1, arm)))
        .isEqualTo("image architecture aarch64 but host is x86_64");
    assertThat(f.reject(host("h", 1, Map.of()), req(1, 1, 1, amd))).isNull();
    assertThat(f.reject(host("h", 1, Map.of()), req(1, 1, 1, xen))).contains("xen");
  }

  @Test
  void aggregateExtraSpecs() {
    Flavor ssd = new Flavor("x", "x", 1, 1, 1, 0, 0, 1, true, false, null,
        Map.of("aggregate_instance_extra_specs:ssd", "true", "hw:cpu_policy", "dedicated"));
    ScheduleRequest r = new ScheduleRequest("s", ssd, spec(), null, 1, Map.of(), Set.of(),
        Set.of());
    var f = new AggregateInstanceExtraSpecsFilter();
    assertThat(f.reject(host("h", 1, Map.of("ssd", Set.of("true"))), r)).isNull();
    assertThat(f.reject(host("h", 1, Map.of("ssd", Set.of("false"))), r)).contains("ssd");
    assertThat(f.reject(host("h", 1, Map.of()), r)).contains("no aggregate with ssd");
  }

  @Test
  void groupPolicies() {
    Flavor fl = new Flavor("x", "x", 1, 1, 1, 0, 0, 1, true, false, null, Map.of());
    ScheduleRequest aff = new ScheduleRequest("s", fl, spec(), "affinity", 1,
        Map.of("h1", 1), Set.of(), Set.of());
    ScheduleRequest anti = new ScheduleRequest("s", fl, spec(), "anti-affinity", 2,
        Map.of("h1", 2, "h2", 1), Set.of(), Set.of());
    assertThat(new ServerGroupAffinityFilter().reject(host("h1", 1, Map.of()), aff)).isNull();
    assertThat(new ServerGroupAffinityFilter().reject(host("h2", 1, Map.of()), aff))
        .contains("h1");
    assertThat(new ServerGroupAntiAffinityFilter().reject(host("h1", 1, Map.of()), anti))
        .contains("max_server_per_host 2");
    assertThat(new ServerGroupAntiAffinityFilter().reject(host("h2", 1, Map.of()), anti))
        .isNull();
  }

  @Test
  void extraSpecOperators() {
    assertThat(ExtraSpecOps.matches("4", "= 2")).isTrue();
    assertThat(ExtraSpecOps.matches("1", ">= 2")).isFalse();
    assertThat(ExtraSpecOps.matches("ssd", "s== ssd")).isTrue();
    assertThat(ExtraSpecOps.matches("fast-ssd", "<in> ssd")).isTrue();
    assertThat(ExtraSpecOps.matches("b", "<or> a <or> b")).isTrue();
    assertThat(ExtraSpecOps.matches("c", "<or> a <or> b")).isFalse();
    assertThat(ExtraSpecOps.matches("true", "true")).isTrue();
  }
}
