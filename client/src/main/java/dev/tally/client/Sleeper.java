package dev.tally.client;

import java.time.Duration;

/** Waits between attempts; tests replace it so they don't sleep. */
@FunctionalInterface
interface Sleeper {

  /** The real one: {@link Thread#sleep(Duration)}. */
  Sleeper SYSTEM = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
