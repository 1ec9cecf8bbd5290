package dev.altus.compute.store;

import java.util.List;

/** The conditions of a server list that SQL answers (the rest is filtered by the caller). */
public final class ServerFilter {
  String projectId;
  String userId;
  Boolean deleted = false;
  String host;
  List<String> vmStates;
  String flavorId;
  String imageRef;
  String reservationId;
  Long changedSince;
  Long changedBefore;
  Boolean locked;
  List<String> ids;

  public ServerFilter project(String v) {
    projectId = v;
    return this;
  }

  public ServerFilter user(String v) {
    userId = v;
    return this;
  }

  /** true: only deleted; false: only not deleted; null: both. */
  public ServerFilter deleted(Boolean v) {
    deleted = v;
    return this;
  }

  public ServerFilter host(String v) {
    host = v;
    return this;
  }

  public ServerFilter vmStates(List<String> v) {
    vmStates = v;
    return this;
  }

  public ServerFilter flavor(String v) {
    flavorId = v;
    return this;
  }

  public ServerFilter image(String v) {
    imageRef = v;
    return this;
  }

  public ServerFilter reservation(String v) {
    reservationId = v;
    return this;
  }

  public ServerFilter changedSince(Long v) {
    changedSince = v;
    return this;
  }

  public ServerFilter changedBefore(Long v) {
    changedBefore = v;
    return this;
  }

  public ServerFilter locked(Boolean v) {
    locked = v;
    return this;
  }

  public ServerFilter ids(List<String> v) {
    ids = v;
    return this;
  }
}
