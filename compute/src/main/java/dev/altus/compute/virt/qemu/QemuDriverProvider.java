package dev.altus.compute.virt.qemu;

import dev.altus.common.host.Host;
import dev.altus.common.host.LocalHost;
import dev.altus.compute.virt.VirtDriver;
import dev.altus.compute.virt.VirtDriverProvider;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link QemuDriver}s: {@code compute.driver = qemu}, options {@code compute.qemu.*}. Checks
 * the host first: the emulator and qemu-img must be installed, and the accelerator is chosen
 * (KVM only when it really runs a guest) with one log line saying which and why.
 */
public final class QemuDriverProvider implements VirtDriverProvider {
  private static final Logger LOG = LoggerFactory.getLogger(QemuDriverProvider.class);
  private final Host host;

  public QemuDriverProvider() {
    this(new LocalHost());
  }

  public QemuDriverProvider(Host host) {
    this.host = host;
  }

  @Override
  public String name() {
    return QemuDriver.NAME;
  }

  @Override
  public VirtDriver create(String hostName, Map<String, String> options) {
    return create(hostName, options, null);
  }

  @Override
  public VirtDriver create(String hostName, Map<String, String> options, Path hostDir) {
    QemuOptions o = QemuOptions.parse(options, hostDir);
    if (!host.available(o.binary())) {
      throw new IllegalStateException(o.binary() + " not found: apt-get install"
          + " qemu-system-x86");
    }
    if (!host.available(o.imgBinary())) {
      throw new IllegalStateException(o.imgBinary() + " not found: apt-get install qemu-utils");
    }
    HostFacts facts = HostFacts.probe(host, o.binary());
    Acceleration accel = Acceleration.choose(o.virtType(), host, o.binary());
    LOG.info("qemu driver on {}: guests run under {} because {}", hostName,
        accel.accel().equals("kvm") ? "KVM" : "TCG (software emulation)", accel.why());
    return new QemuDriver(hostName, o, host, accel, facts);
  }
}
