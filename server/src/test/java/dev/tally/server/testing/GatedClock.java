package dev.tally.server.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A fixed clock that holds chosen threads: after the first {@code letThrough} calls of {@link
 * #instant} from a thread that {@code gated} selects, every further such call waits until {@link
 * #open} (other threads are never held). Work that asks the time as it goes, such as a period
 * close, can so be stopped half-way at a point the test knows is still running, without a sleep.
 */
public final class GatedClock extends Clock {

  private final Instant now;
  private final Predicate<Thread> gated;
  private final AtomicInteger letThrough;
  private final AtomicInteger held = new AtomicInteger();
  private final CountDownLatch opened = new CountDownLatch(1);

  public GatedClock(Instant now, Predicate<Thread> gated, int letThrough) {
    this.now = now;
    this.gated = gated;
    this.letThrough = new AtomicInteger(letThrough);
  }

  /** Lets every held call, and every later one, go on. */
  public void open() {
    opened.countDown();
  }

  /** How many calls have been held so far (released ones included). */
  public int held() {
    return held.get();
  }

  @Override
  public Instant instant() {
    if (opened.getCount() > 0
        && gated.test(Thread.currentThread())
        && letThrough.getAndDecrement() <= 0) {
      held.incrementAndGet();
      try {
        opened.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
