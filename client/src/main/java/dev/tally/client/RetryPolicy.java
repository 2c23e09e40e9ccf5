package dev.tally.client;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When and how long to wait before another attempt: exponential backoff with full jitter, or the
 * server's {@code Retry-After} when it sends one.
 *
 * <p>For an idempotent request (every Billing API GET, and the operator API's usage ingestion,
 * price-book load and period close), retried: I/O failures (including timeouts) and HTTP 408, 429,
 * 502, 503 and 504. Never retried: anything else. A request that must not run twice is retried only
 * when its connection failed before it was sent ({@link Call.Retry#UNSENT_ONLY}); {@link
 * HttpCaller} applies that rule.
 *
 * @param initialBackoff the upper bound of the first wait
 * @param maxBackoff the most that one wait's upper bound grows to
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one ends the retries,
 *     since retrying sooner than the server asked only spends an attempt
 * @param jitter a uniform draw from {@code [0, 1)}
 * @param clock the time {@code Retry-After} dates are measured from
 * @param sleeper what waits
 */
record RetryPolicy(
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryAfter,
    DoubleSupplier jitter,
    Clock clock,
    Sleeper sleeper) {

  static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
  static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(8);
  static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

  RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    Objects.requireNonNull(jitter, "jitter");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
  }

  static RetryPolicy defaults() {
    return new RetryPolicy(
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_MAX_RETRY_AFTER,
        () -> ThreadLocalRandom.current().nextDouble(),
        Clock.systemUTC(),
        Sleeper.SYSTEM);
  }

  RetryPolicy withSleeper(Sleeper newSleeper) {
    return new RetryPolicy(initialBackoff, maxBackoff, maxRetryAfter, jitter, clock, newSleeper);
  }

  RetryPolicy withClock(Clock newClock) {
    return new RetryPolicy(initialBackoff, maxBackoff, maxRetryAfter, jitter, newClock, sleeper);
  }

  RetryPolicy withJitter(DoubleSupplier newJitter) {
    return new RetryPolicy(initialBackoff, maxBackoff, maxRetryAfter, newJitter, clock, sleeper);
  }

  /** Whether an answer with this status is worth another attempt. */
  static boolean isRetryableStatus(int status) {
    return status == 408 || status == 429 || status == 502 || status == 503 || status == 504;
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry): a uniform draw from {@code
   * [0, min(maxBackoff, initialBackoff * 2^(retry-1))]}.
   */
  Duration backoff(int retry) {
    long ceilingMillis = initialBackoff.toMillis();
    for (int i = 1; i < retry && ceilingMillis < maxBackoff.toMillis(); i++) {
      ceilingMillis *= 2;
    }
    ceilingMillis = Math.min(ceilingMillis, maxBackoff.toMillis());
    double draw = Math.min(1.0, Math.max(0.0, jitter.getAsDouble()));
    return Duration.ofMillis(Math.round(ceilingMillis * draw));
  }

  /**
   * The {@code Retry-After} header as a wait from now: delta-seconds or an HTTP-date (IMF-fixdate).
   * A date in the past is a wait of zero; a header that is neither form is ignored.
   */
  Optional<Duration> retryAfter(HttpHeaders headers) {
    Optional<String> header = headers.firstValue("Retry-After").map(String::trim);
    if (header.isEmpty() || header.get().isEmpty()) {
      return Optional.empty();
    }
    String value = header.get();
    if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // More than nine digits is decades: just "very long".
      long seconds = value.length() > 9 ? 999_999_999L : Long.parseLong(value);
      return Optional.of(Duration.ofSeconds(seconds));
    }
    try {
      Instant when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), when);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Decides what follows an HTTP answer on attempt {@code attempt} (1-based) of at most {@code
   * maxRetries + 1}.
   */
  Decision decide(int status, HttpHeaders headers, int attempt, int maxRetries) {
    Optional<Duration> retryAfter = retryAfter(headers);
    if (!isRetryableStatus(status)) {
      return Decision.stop(retryAfter, null);
    }
    if (attempt > maxRetries) {
      return Decision.stop(retryAfter, null);
    }
    if (retryAfter.isPresent()) {
      Duration wait = retryAfter.get();
      if (wait.compareTo(maxRetryAfter) > 0) {
        return Decision.stop(
            retryAfter,
            "not retried: the server asked to wait "
                + wait.toSeconds()
                + " s, longer than the "
                + maxRetryAfter.toSeconds()
                + " s this client waits");
      }
      return new Decision(true, wait, retryAfter, "Retry-After");
    }
    return new Decision(true, backoff(attempt), retryAfter, "backoff");
  }

  /**
   * What to do after one answer.
   *
   * @param retry whether to try again
   * @param delay how long to wait first, when retrying
   * @param retryAfter the server's {@code Retry-After}, if it sent one
   * @param note why: {@code "Retry-After"} or {@code "backoff"} when retrying; when not, a remark
   *     for the exception message, or {@code null}
   */
  record Decision(boolean retry, Duration delay, Optional<Duration> retryAfter, String note) {

    static Decision stop(Optional<Duration> retryAfter, String note) {
      return new Decision(false, Duration.ZERO, retryAfter, note);
    }
  }
}
