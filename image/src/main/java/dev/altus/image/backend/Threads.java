package dev.altus.image.backend;

/** Waiting for the data path's helper threads. */
final class Threads {
  private Threads() {}

  /**
   * Waits until {@code t} (may be null) has ended, even when interrupted: a buffer or file the
   * thread still uses must not be given back before it stops. An interrupt is kept for the caller.
   */
  static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (t != null && t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
