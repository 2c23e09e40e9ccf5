package dev.tally.cli.usage;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently to resend a batch the server could not take. Resending is always safe:
 * the server counts each event_id once.
 *
 * @param maxRetries resends after the first attempt
 * @param firstDelay the wait before the first resend; each later wait doubles, up to {@code maxDelay}
 */
public record RetryPolicy(int maxRetries, Duration firstDelay, Duration maxDelay) {

  public static RetryPolicy of(int maxRetries) {
    return new RetryPolicy(maxRetries, Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  /**
   * The wait before resend number {@code retry} (from 1): what the server asked for in Retry-After if
   * it did, else exponential backoff with jitter, so importers that failed together don't retry in step.
   */
  Duration delayBefore(int retry, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(maxDelay) > 0 ? maxDelay : retryAfter;
    }
    long ceiling = Math.min(maxDelay.toMillis(), firstDelay.toMillis() << Math.min(retry - 1, 20));
    return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
  }
}
