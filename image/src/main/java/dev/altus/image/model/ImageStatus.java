package dev.altus.image.model;

import java.util.Locale;

/**
 * Glance's image states. queued (no data) -> saving (upload under way) -> active; an upload that
 * fails on the server side kills the image; deactivated hides the data from non-admins; deleted
 * is final. Importing/uploading belong to the interoperable import API.
 */
public enum ImageStatus {
  QUEUED, SAVING, ACTIVE, KILLED, DEACTIVATED, DELETED, PENDING_DELETE, UPLOADING, IMPORTING;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ImageStatus fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
