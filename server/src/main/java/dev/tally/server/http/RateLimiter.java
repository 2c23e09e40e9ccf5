package dev.tally.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.server.auth.ApiKeySecret;
import dev.tally.server.auth.BearerToken;
import dev.tally.server.errors.Failure;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The token buckets behind {@link HttpLimits} (Bucket4j), one per subject: the key id inside a
 * bearer token, or the client IP for a request whose token names no key. Buckets live in bounded
 * caches (Caffeine) that drop a bucket once it has been idle long enough to have refilled
 * completely, which loses nothing (a new bucket starts full), and never hold more than {@link
 * #MAX_SUBJECTS} subjects each.
 *
 * <p>A key id is not a secret, so a client that knows one can spend that key's allowance of
 * requests and failed authentications; this is the price of stopping guessing before the database
 * is asked, as the CockroachDB Cloud API also limits per user.
 */
final class RateLimiter {

  /** The most subjects each cache holds; past it, the least recently used are dropped. */
  static final long MAX_SUBJECTS = 100_000;

  /** Who a request is counted against. */
  record Subject(String key, RateLimitListener.Limit limit) {

    /** How a refusal names the subject: {@code with this key id} or {@code from this address}. */
    String whose() {
      return limit == RateLimitListener.Limit.API_KEY ? "with this key id" : "from this address";
    }
  }

  private final HttpLimits limits;
  private final RateLimitListener listener;
  private final TimeMeter time;
  private final Cache<String, Bucket> requests;
  private final Cache<String, Bucket> failures;

  RateLimiter(HttpLimits limits, RateLimitListener listener) {
    this(limits, listener, System::nanoTime);
  }

  /** With a clock of its own, in nanoseconds, for tests. */
  RateLimiter(HttpLimits limits, RateLimitListener listener, LongSupplier nanoTime) {
    this.limits = limits;
    this.listener = listener;
    this.time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return nanoTime.getAsLong();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    Duration requestRefill =
        limits.limitsRequests()
            ? Duration.ofNanos(
                Math.ceilDiv(limits.burst() * 1_000_000_000L, limits.requestsPerSecond()))
            : Duration.ZERO;
    this.requests = cache(requestRefill, nanoTime);
    this.failures = cache(Duration.ofMinutes(1), nanoTime);
  }

  private static Cache<String, Bucket> cache(Duration fullRefill, LongSupplier nanoTime) {
    return Caffeine.newBuilder()
        .maximumSize(MAX_SUBJECTS)
        .expireAfterAccess(fullRefill.plusSeconds(1))
        .ticker(nanoTime::getAsLong)
        .build();
  }

  /**
   * The subject of a request: its key id when the {@code Authorization} header holds a well-formed
   * token of either kind, else its client IP (the socket's peer address: {@code X-Forwarded-For} is
   * not trusted, so behind a proxy every request without a key id shares the proxy's address).
   */
  static Subject subjectOf(String authorizationHeader, String clientIp) {
    try {
      String token = BearerToken.from(authorizationHeader);
      for (String prefix : new String[] {ApiKeySecret.ORGANIZATION, ApiKeySecret.OPERATOR}) {
        Optional<String> keyId = ApiKeySecret.keyIdOf(prefix, token);
        if (keyId.isPresent()) {
          return new Subject(prefix + ":" + keyId.get(), RateLimitListener.Limit.API_KEY);
        }
      }
    } catch (Failure noToken) {
      // No bearer token at all: counted against the client.
    }
    return new Subject("ip:" + clientIp, RateLimitListener.Limit.CLIENT_IP);
  }

  /**
   * The subject that failed authentications with unknown key ids are counted against, as well as
   * against their key id: the client address, in a bucket of its own (a client that sends no key at
   * all does not spend it). Once it is spent, key ids this server has not seen recently are refused
   * from the address without a lookup, so a client cannot make the database look up one made-up key
   * id after another.
   */
  static Subject unknownKeyIdsFrom(String clientIp) {
    return new Subject("unknown-key-ids:" + clientIp, RateLimitListener.Limit.CLIENT_IP);
  }

  /**
   * Takes one request from the subject's bucket.
   *
   * @return how long to wait when the bucket is empty, else empty
   */
  Optional<Duration> admit(Subject subject) {
    if (!limits.limitsRequests()) {
      return Optional.empty();
    }
    ConsumptionProbe probe = requestBucket(subject).tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return Optional.empty();
    }
    listener.limited(subject.limit());
    return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /**
   * Admits the request when the subject's rate allows it now, as {@link #admit} does, but refuses
   * silently: the listener is not told and nothing is taken, so that the request can go on to
   * {@link #admit}, which refuses it again and counts the refusal once.
   */
  boolean admitsQuietly(Subject subject) {
    if (!limits.limitsRequests()) {
      return true;
    }
    return requestBucket(subject).tryConsume(1);
  }

  private Bucket requestBucket(Subject subject) {
    return requests.get(
        subject.key(), k -> bucket(limits.burst(), limits.requestsPerSecond(), ofSecond()));
  }

  /**
   * Whether the subject may still fail to authenticate; as {@link #failuresSpent}, told to no one.
   */
  boolean failuresLeft(Subject subject) {
    return failureWait(subject).isEmpty();
  }

  /**
   * Whether the subject may still fail to authenticate.
   *
   * @return how long until it may try again when its failures are spent, else empty
   */
  Optional<Duration> failuresSpent(Subject subject) {
    Optional<Duration> wait = failureWait(subject);
    wait.ifPresent(w -> listener.limited(RateLimitListener.Limit.AUTH_FAILURES));
    return wait;
  }

  /** How long until the subject may fail again when its failures are spent, else empty. */
  private Optional<Duration> failureWait(Subject subject) {
    if (!limits.limitsAuthFailures()) {
      return Optional.empty();
    }
    Bucket bucket = failures.getIfPresent(subject.key());
    if (bucket == null) {
      return Optional.empty();
    }
    var estimate = bucket.estimateAbilityToConsume(1);
    return estimate.canBeConsumed()
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(estimate.getNanosToWaitForRefill()));
  }

  /** Counts a failed authentication against the subject. */
  void failed(Subject subject) {
    if (!limits.limitsAuthFailures()) {
      return;
    }
    failures
        .get(
            subject.key(),
            k ->
                bucket(
                    limits.authFailuresPerMinute(),
                    limits.authFailuresPerMinute(),
                    Duration.ofMinutes(1)))
        .tryConsume(1);
  }

  /** How many subjects have buckets now, after dropping the idle ones. */
  long subjects() {
    requests.cleanUp();
    failures.cleanUp();
    return requests.estimatedSize() + failures.estimatedSize();
  }

  private Bucket bucket(long capacity, long refill, Duration per) {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(capacity).refillGreedy(refill, per))
        .withCustomTimePrecision(time)
        .build();
  }

  private static Duration ofSecond() {
    return Duration.ofSeconds(1);
  }

  /** Whole seconds for {@code Retry-After}: rounded up, at least 1. */
  static long retryAfterSeconds(Duration wait) {
    long seconds = Math.ceilDiv(wait.toNanos(), 1_000_000_000L);
    return Math.max(1, seconds);
  }
}
