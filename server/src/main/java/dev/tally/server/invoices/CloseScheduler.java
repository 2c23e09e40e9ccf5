package dev.tally.server.invoices;

import dev.tally.model.BillingPeriod;
import dev.tally.server.periods.BillingPeriods;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes months automatically: on a fixed interval, every month whose grace period is over is
 * closed for every organization. Several instances may run it at once; each month closes exactly
 * once.
 */
public final class CloseScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CloseScheduler.class);

  private final PeriodClose closer;
  private final Clock clock;
  private final Duration grace;
  private final Duration interval;
  private final Thread thread;
  private boolean stopping;
  private boolean closing;

  public CloseScheduler(PeriodClose closer, Clock clock, Duration grace, Duration interval) {
    this.closer = closer;
    this.clock = clock;
    this.grace = grace;
    this.interval = interval;
    this.thread = Thread.ofVirtual().name("tally-period-close").unstarted(this::run);
  }

  public CloseScheduler start() {
    thread.start();
    return this;
  }

  /**
   * One pass: closes the latest month whose grace is over (and, through it, any earlier open ones).
   * An organization created less than one grace period ago is left alone, so that an operator who
   * backfills its history (a billing start before its creation) has that long to send the usage of
   * its past months before they close; {@code tally invoices close} closes them at once.
   */
  public PeriodClose.Summary closeDue() {
    Instant now = clock.instant();
    BillingPeriod due = BillingPeriods.lastClosable(now, grace);
    PeriodClose.Summary summary =
        closer.closeAll(due, org -> !org.createdAt().plus(grace).isAfter(now));
    if (summary.closed() > 0) {
      log.info("closed {} for {} organizations", due, summary.closed());
    }
    return summary;
  }

  private void run() {
    while (beginPass()) {
      try {
        closeDue();
      } catch (RuntimeException e) {
        log.warn("period close failed; will retry: {}", e.getMessage());
      }
      if (!endPass()) {
        return;
      }
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Marks a pass as running, unless a stop was asked: then false, and the thread ends. */
  private synchronized boolean beginPass() {
    if (stopping) {
      return false;
    }
    closing = true;
    return true;
  }

  /**
   * Marks the pass as over; false when a stop was asked meanwhile. {@link #close(Duration)} does
   * not interrupt a running pass, so the stop must be noticed here: a thread that went on to sleep
   * through the interval would keep the stop waiting until the interval or the timeout ran out
   * (with the defaults, a one-minute interval and a 30-second timeout, a SIGTERM during a close
   * took the full 30 s however soon the close ended, and then logged that a close was still
   * running).
   */
  private synchronized boolean endPass() {
    closing = false;
    return !stopping;
  }

  /**
   * Stops: no new pass starts, a pass that is waiting ends at once, and a pass that is closing
   * months gets up to {@code timeout} to finish (it is never interrupted half-way; a close cut
   * short by the process ending is safe anyway, and resumes on the next start).
   *
   * @return whether the scheduler stopped within the timeout
   */
  public boolean close(Duration timeout) {
    synchronized (this) {
      stopping = true;
      if (!closing) {
        thread.interrupt();
      }
    }
    try {
      return thread.join(timeout.isZero() ? Duration.ofMillis(1) : timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops without waiting for a running pass. */
  @Override
  public void close() {
    close(Duration.ZERO);
  }
}
