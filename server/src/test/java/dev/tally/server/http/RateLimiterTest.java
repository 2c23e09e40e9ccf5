package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token buckets on a clock the test turns. */
class RateLimiterTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private RateLimiter limiter(HttpLimits limits) {
    return new RateLimiter(limits, RateLimitListener.NONE, nanos::get);
  }

  private static RateLimiter.Subject key(String id) {
    return new RateLimiter.Subject("TALLY1:" + id, RateLimitListener.Limit.API_KEY);
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void aBucketAdmitsItsBurstThenTellsHowLongToWait() {
    RateLimiter limiter = limiter(HttpLimits.unlimited().withRequests(10, 20));
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.admit(key("a"))).as("request %d", i).isEmpty();
    }
    assertThat(limiter.admit(key("a"))).hasValue(Duration.ofMillis(100));
    assertThat(limiter.admit(key("b"))).isEmpty();
    advance(Duration.ofMillis(100));
    assertThat(limiter.admit(key("a"))).isEmpty();
    assertThat(limiter.admit(key("a"))).isPresent();
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
    assertThat(RateLimiter.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(RateLimiter.retryAfterSeconds(Duration.ofMillis(1000))).isEqualTo(1);
    assertThat(RateLimiter.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);
    assertThat(RateLimiter.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
  }

  @Test
  void failuresAreCountedPerSubjectAndRefillOverAMinute() {
    RateLimiter limiter = limiter(HttpLimits.unlimited().withAuthFailuresPerMinute(3));
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.failuresSpent(key("a"))).isEmpty();
      limiter.failed(key("a"));
    }
    assertThat(limiter.failuresSpent(key("a"))).hasValue(Duration.ofSeconds(20));
    assertThat(limiter.failuresSpent(key("b"))).isEmpty();
    advance(Duration.ofSeconds(20));
    assertThat(limiter.failuresSpent(key("a"))).isEmpty();
  }

  @Test
  void idleBucketsAreDroppedOnceTheyWouldBeFullAgain() {
    RateLimiter limiter =
        limiter(HttpLimits.unlimited().withRequests(10, 20).withAuthFailuresPerMinute(5));
    for (int i = 0; i < 10_000; i++) {
      limiter.admit(key("k" + i));
      limiter.failed(key("k" + i));
    }
    assertThat(limiter.subjects()).isEqualTo(20_000);
    advance(Duration.ofSeconds(4)); // 20 tokens at 10/s refill in 2 s, kept a second longer
    assertThat(limiter.subjects()).isEqualTo(10_000);
    advance(Duration.ofSeconds(60));
    assertThat(limiter.subjects()).isZero();
  }

  @Test
  void theNumberOfSubjectsIsBoundedWhateverTheirNumber() {
    RateLimiter limiter = limiter(HttpLimits.unlimited().withRequests(10, 20));
    for (long i = 0; i < RateLimiter.MAX_SUBJECTS + 5_000; i++) {
      limiter.admit(key("k" + i));
    }
    assertThat(limiter.subjects()).isLessThanOrEqualTo(RateLimiter.MAX_SUBJECTS);
  }

  @Test
  void theSubjectIsTheKeyIdNeverTheSecretElseTheClientIp() {
    RateLimiter.Subject org =
        RateLimiter.subjectOf("Bearer TALLY1_abcdefghijklmnopqrstuv_" + "s".repeat(40), "10.0.0.1");
    assertThat(org.key()).isEqualTo("TALLY1:abcdefghijklmnopqrstuv");
    assertThat(org.limit()).isEqualTo(RateLimitListener.Limit.API_KEY);
    RateLimiter.Subject op =
        RateLimiter.subjectOf(
            "Bearer TALLYOP1_abcdefghijklmnopqrstuv_" + "s".repeat(40), "10.0.0.1");
    assertThat(op.key()).isEqualTo("TALLYOP1:abcdefghijklmnopqrstuv");
    assertThat(RateLimiter.subjectOf("Bearer junk", "10.0.0.1").key()).isEqualTo("ip:10.0.0.1");
    assertThat(RateLimiter.subjectOf(null, "10.0.0.2").key()).isEqualTo("ip:10.0.0.2");
  }

  @Test
  void offLimitsKeepNoBuckets() {
    RateLimiter limiter = limiter(HttpLimits.unlimited());
    for (int i = 0; i < 1_000; i++) {
      assertThat(limiter.admit(key("a"))).isEmpty();
      limiter.failed(key("a"));
      assertThat(limiter.failuresSpent(key("a"))).isEmpty();
    }
    assertThat(limiter.subjects()).isZero();
  }
}
