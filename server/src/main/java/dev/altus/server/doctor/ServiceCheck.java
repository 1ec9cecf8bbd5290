package dev.altus.server.doctor;

import dev.altus.compute.model.ServiceRecord;
import dev.altus.compute.scheduler.ServiceDown;
import dev.altus.compute.store.ComputeServiceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every compute service is up and enabled; a down one is named with since when it is silent, a
 * disabled one with the operator's reason.
 */
final class ServiceCheck implements DoctorCheck {
  private final ComputeServiceStore services;
  private final Clock clock;
  private final Duration downTime;

  ServiceCheck(ComputeServiceStore services, Clock clock, Duration downTime) {
    this.services = services;
    this.clock = clock;
    this.downTime = downTime;
  }

  @Override
  public String name() {
    return "services";
  }

  @Override
  public List<Finding> run() {
    List<Finding> out = new ArrayList<>();
    List<ServiceRecord> all = services.all();
    if (all.isEmpty()) {
      return List.of(Finding.fail(name(), "no compute service has ever reported",
          "set compute.hosts (or leave the default) and restart the cloud"));
    }
    for (ServiceRecord s : all) {
      String who = s.host() + " " + s.binary();
      String down = ServiceDown.why(s.forcedDown(), s.lastSeenUp(), clock.millis(), downTime);
      if (down != null) {
        out.add(Finding.fail(name(), who + ": " + down, s.forcedDown()
            ? "openstack compute service set --up " + s.host() + " " + s.binary()
            : s.binary().equals("nova-compute")
                ? "its compute agent stopped: look at the cloud's log for '" + s.host()
                    + "', restart the cloud (or that host's compute role)"
                : "the controller process on " + s.host() + " stopped reporting: look at its"
                    + " log and restart it"));
      } else if (s.disabled()) {
        out.add(Finding.warn(name(), who + ": up but disabled"
            + (s.disabledReason() == null || s.disabledReason().isEmpty() ? ""
                : " (" + s.disabledReason() + ")") + "; the scheduler places nothing there",
            "openstack compute service set --enable " + s.host() + " " + s.binary()));
      } else {
        out.add(Finding.ok(name(), who + ": up, last heartbeat "
            + (clock.millis() - s.lastSeenUp()) / 1000 + " s ago"));
      }
    }
    return out;
  }
}
