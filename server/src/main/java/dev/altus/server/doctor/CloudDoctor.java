package dev.altus.server.doctor;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs every check of a running cloud. A check that throws is itself a FAIL naming what broke,
 * so one broken area never hides the others.
 */
public final class CloudDoctor {
  private final List<DoctorCheck> checks;

  public CloudDoctor(List<DoctorCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  public DoctorReport examine() {
    List<Finding> out = new ArrayList<>();
    for (DoctorCheck c : checks) {
      try {
        out.addAll(c.run());
      } catch (Exception | LinkageError e) {
        out.add(Finding.fail(c.name(), "the check itself failed: " + e,
            "look at the cloud's log around this time; report it if it repeats"));
      }
    }
    return new DoctorReport(out);
  }
}
