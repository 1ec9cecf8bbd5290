package dev.altus.compute.virt.fake;

import dev.altus.common.host.BridgePlug;
import dev.altus.common.host.HostCommandException;
import dev.altus.common.host.LocalHost;
import dev.altus.compute.virt.DriverException;
import dev.altus.compute.virt.Vif;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fake guests' NICs on a host with a real data plane ({@code compute.fake.plug_taps}): a tap
 * per Vif plugged into its network's bridge as a QEMU guest's would be, so the L2 agent sees it and
 * reports the port ACTIVE; removed with the guest or the interface. Without the option nothing is
 * touched.
 */
final class FakeTaps {
  private static final Logger LOG = LoggerFactory.getLogger(FakeTaps.class);
  private final BridgePlug plug;

  FakeTaps(boolean enabled, java.nio.file.Path bridgeRecord) {
    this.plug = enabled ? new BridgePlug(new LocalHost(), bridgeRecord) : null;
  }

  void plug(String uuid, List<Vif> vifs) throws DriverException {
    if (plug == null) {
      return;
    }
    for (Vif v : vifs) {
      try {
        plug.plugTap(v.networkId(), v.portId(), v.mtu());
      } catch (HostCommandException e) {
        throw new DriverException("Cannot plug port " + v.portId() + " of instance " + uuid
            + ": " + e.getMessage(), false, e);
      }
    }
  }

  void unplug(List<Vif> vifs) {
    if (plug == null) {
      return;
    }
    for (Vif v : vifs) {
      try {
        plug.unplugTap(v.portId());
      } catch (HostCommandException e) {
        LOG.warn("cannot remove the tap of port {}: {}", v.portId(), e.getMessage());
      }
    }
  }
}
