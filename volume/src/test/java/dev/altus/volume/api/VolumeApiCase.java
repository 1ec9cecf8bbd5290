package dev.altus.volume.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every API test class of the volume module starts from: its own harness (identity and
 * block storage over HTTP) and the admin's and demo's tokens and projects.
 */
abstract class VolumeApiCase {
  static VolumeApiHarness h;
  static String admin;
  static String demo;
  static String adminProject;
  static String demoProject;

  @BeforeAll
  static void startHarness() throws Exception {
    h = new VolumeApiHarness();
    admin = h.adminToken();
    demo = h.demoToken();
    adminProject = h.projectId(admin);
    demoProject = h.projectId(demo);
  }

  @AfterAll
  static void stopHarness() throws Exception {
    h.close();
  }
}
