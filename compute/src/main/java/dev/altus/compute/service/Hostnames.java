package dev.altus.compute.service;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The guest hostname Nova derives from a display name when none is given. */
public final class Hostnames {
  private Hostnames() {}

  public static String fromName(String name, String serverId) {
    String h = new String(name.getBytes(StandardCharsets.ISO_8859_1),
        StandardCharsets.ISO_8859_1).replace("?", "");
    h = truncate(h);
    h = h.replaceAll("[ _.]", "-");
    h = h.replaceAll("[^\\w.-]+", "");
    h = h.toLowerCase(Locale.ROOT);
    h = h.replaceAll("^[.-]+", "").replaceAll("[.-]+$", "");
    h = truncate(h);
    return h.isEmpty() ? "server-" + serverId : h;
  }

  private static String truncate(String h) {
    return h.length() > 63 ? h.substring(0, 63) : h;
  }
}
