package dev.altus.compute.virt.fake;

import dev.altus.compute.virt.VirtDriver;
import dev.altus.compute.virt.VirtDriverProvider;
import java.util.Map;

/** Makes {@link FakeDriver}s: {@code compute.driver = fake}, options {@code compute.fake.*}. */
public final class FakeDriverProvider implements VirtDriverProvider {
  @Override
  public String name() {
    return FakeDriver.NAME;
  }

  @Override
  public VirtDriver create(String host, Map<String, String> options) {
    return new FakeDriver(host, FakeDriverOptions.parse(host, options));
  }

  /**
   * With {@code hostDir}, a bridge the fake guests' taps had to create is noted under
   * {@code hostDir/_bridges}, where the qemu driver notes its own, so that {@code altus dataplane
   * clean} removes it when no L2 agent came to own it (a network deleted before its agent saw it).
   */
  @Override
  public VirtDriver create(String host, Map<String, String> options, java.nio.file.Path hostDir) {
    return new FakeDriver(host, FakeDriverOptions.parse(host, options),
        hostDir == null ? null : hostDir.resolve("_bridges"));
  }
}
