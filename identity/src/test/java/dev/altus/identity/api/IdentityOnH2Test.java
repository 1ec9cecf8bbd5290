package dev.altus.identity.api;

import org.junit.jupiter.api.BeforeAll;

/** The identity flow on the embedded H2 database (the all-in-one default). */
class IdentityOnH2Test extends IdentityOnDatabaseContract {
  @BeforeAll
  static void start() throws Exception {
    api = new IdentityApiHarness();
  }
}
