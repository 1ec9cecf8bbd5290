package dev.altus.identity.service;

import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Identifier formats Keystone uses. */
public final class Ids {
  private Ids() {}

  /** A 32-character hex id. */
  public static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** A 22-character URL-safe audit id (16 random bytes). */
  public static String auditId() {
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
