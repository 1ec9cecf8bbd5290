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
}
