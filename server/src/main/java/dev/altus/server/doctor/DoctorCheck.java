package dev.altus.server.doctor;

import java.util.List;

/** One area {@code altus doctor} examines; each problem found is a finding that says what to do. */
public interface DoctorCheck {
  /** The short name shown before each finding, e.g. {@code database}. */
  String name();

  /** What this check sees now; at least one finding (an OK one when all is well). */
  List<Finding> run() throws Exception;
}
