package dev.tally.cli;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * The signals that stop a server (SIGTERM, SIGINT, SIGHUP), taken from the JVM so that Tally stops
 * before the JVM shuts down rather than while it does.
 *
 * <p>Left to the JVM, a signal starts its shutdown, which runs every shutdown hook at once: H2's
 * own hook closes the embedded database ({@code DB_CLOSE_ON_EXIT}, which H2 will not let {@code
 * AUTO_SERVER} turn off) while Tally's is still letting requests in flight and a running close
 * finish, and those then fail ("Database is already closed", "Statement was canceled"). Here a
 * signal that comes once the server is about to serve ({@link #defer}) only wakes {@link #await}:
 * the server stops, closes its pool, and only then does the process exit, with {@code 128 +} the
 * signal's number as before (143 for SIGTERM, which the systemd unit counts as a clean stop). A
 * signal that comes before, while the database is opened or the demo seeded, ends the process at
 * once, as the JVM would. {@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's one
 * way to handle a signal.
 */
final class StopSignals {

  private static final List<String> NAMES = List.of("TERM", "INT", "HUP");

  private final CountDownLatch received = new CountDownLatch(1);
  private boolean deferring;
  private int exitCode;
  private String name;

  private StopSignals() {}

  /**
   * Handles the stop signals from now on, in place of the JVM; until {@link #defer}, by exiting at
   * once. A signal that cannot be handled (one the JVM keeps, as under {@code -Xrs}) stays the
   * JVM's: it shuts the JVM down, and the shutdown hooks stop the server as well as they can.
   */
  static StopSignals install() {
    StopSignals signals = new StopSignals();
    for (String name : NAMES) {
      try {
        Signal.handle(new Signal(name), signals::received);
      } catch (IllegalArgumentException notHere) {
        // Not a signal on this platform (HUP on Windows), or one the JVM keeps for itself.
      }
    }
    return signals;
  }

  /** From now on a stop signal waits for the server's stop: it only wakes {@link #await}. */
  synchronized void defer() {
    deferring = true;
  }

  /**
   * Waits for the first stop signal after {@link #defer} and returns the exit code a process ends
   * with after it: 128 plus the signal's number.
   */
  int await() throws InterruptedException {
    received.await();
    synchronized (this) {
      return exitCode;
    }
  }

  /** The signal {@link #await} returned for, such as {@code SIGTERM}. */
  synchronized String name() {
    return name;
  }

  private void received(Signal signal) {
    synchronized (this) {
      if (deferring) {
        if (received.getCount() > 0) {
          exitCode = 128 + signal.getNumber();
          name = "SIG" + signal.getName();
          received.countDown();
        }
        return;
      }
    }
    System.exit(128 + signal.getNumber());
  }
}
