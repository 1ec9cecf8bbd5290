package dev.altus.compute.support;

import dev.altus.compute.virt.VirtDriver;
import dev.altus.compute.virt.VirtDriverProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Makes one {@link TestDriver} per host, each of the same size, and keeps them for the test. */
public final class TestDrivers implements VirtDriverProvider {
  public final Map<String, TestDriver> byHost = new ConcurrentHashMap<>();
  private final int vcpus;
  private final int memoryMb;
  private final int diskGb;

  public TestDrivers(int vcpus, int memoryMb, int diskGb) {
    this.vcpus = vcpus;
    this.memoryMb = memoryMb;
    this.diskGb = diskGb;
  }

  @Override
  public String name() {
    return "test";
  }

  @Override
  public VirtDriver create(String host, Map<String, String> options) {
    return byHost.computeIfAbsent(host, h -> new TestDriver(h, vcpus, memoryMb, diskGb));
  }
}
