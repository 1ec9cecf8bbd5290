package dev.altus.identity.service;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A generation counter bumped by every identity write. Caches of derived data (validated tokens,
 * effective roles) remember the generation they were built at and are dropped when it moves, so a
 * revoked role or a disabled user takes effect on the very next request.
 */
public final class IdentityEvents {
  private final AtomicLong generation = new AtomicLong();

  public long generation() {
    return generation.get();
  }

  public void changed() {
    generation.incrementAndGet();
  }
}
