package dev.altus.network.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises read-modify-write of one resource document within this process (an API update and an
 * agent's status report on the same port must not lose each other's change).
 */
public final class Locks {
  private final ReentrantLock[] stripes = new ReentrantLock[256];

  public Locks() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  public <T> T with(String id, Supplier<T> work) {
    ReentrantLock l = stripes[Math.floorMod(id.hashCode(), stripes.length)];
    l.lock();
    try {
      return work.get();
    } finally {
      l.unlock();
    }
  }
}
