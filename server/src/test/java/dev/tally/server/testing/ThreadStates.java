package dev.tally.server.testing;

import java.time.Duration;
import java.time.Instant;

/** Waits on other threads' states, for tests that must know where another thread has got to. */
public final class ThreadStates {

  private ThreadStates() {}

  /**
   * Waits until {@code thread} is parked with a timeout ({@link Thread.State#TIMED_WAITING}), as a
   * thread in {@code Thread.join(Duration)} is; fails after a minute, so a test never hangs on it.
   */
  public static void awaitTimedWaiting(Thread thread) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (thread.getState() != Thread.State.TIMED_WAITING) {
      if (Instant.now().isAfter(deadline) || thread.getState() == Thread.State.TERMINATED) {
        throw new AssertionError(thread.getName() + " never waited; it is " + thread.getState());
      }
      Thread.sleep(1);
    }
  }
}
