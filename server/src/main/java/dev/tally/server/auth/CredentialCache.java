package dev.tally.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an API key id stood for when it was last read from the database: its stored secret hash, its
 * state and the principal it authenticates as, or nothing for an unknown id. Remembered for at most
 * {@link #staleness()}, so a hot read costs no database round trip, and a burst of requests with an
 * unknown key id costs one lookup per staleness interval rather than one each.
 *
 * <p>The bound is the documented promise (README, "Running it"): a key revoked, or a role revoked,
 * behind this instance's back stops working within {@code staleness} seconds. Expiry needs no
 * bound: the cached expiry time is checked on every request. The secret itself is never kept; each
 * request's token is hashed and compared with the cached hash.
 */
public final class CredentialCache {

  /** The default staleness bound: 5 seconds. */
  public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(5);

  private static final long MAX_ENTRIES = 100_000;

  /** A key as last read: its credential and the principal it authenticates as. */
  public record Entry(ApiKeys.Credential credential, Principal principal) {}

  private final Duration staleness;
  private final Cache<String, Optional<Entry>> entries;

  /**
   * @param staleness how long a lookup may be reused; {@link Duration#ZERO} disables the cache
   * @param clock the clock whose passing time expires entries (the server's clock, so tests can
   *     move it)
   * @throws IllegalArgumentException when staleness is negative
   */
  public CredentialCache(Duration staleness, Clock clock) {
    if (staleness.isNegative()) {
      throw new IllegalArgumentException("the key cache's staleness must not be negative");
    }
    this.staleness = staleness;
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .expireAfterWrite(staleness)
            .ticker(() -> clock.millis() * 1_000_000L)
            .build();
  }

  /** How long a lookup is reused at most. */
  public Duration staleness() {
    return staleness;
  }

  /** The entry for {@code keyId}, loading it with {@code lookup} when absent or too old. */
  Optional<Entry> get(String keyId, Function<String, Optional<Entry>> lookup) {
    if (staleness.isZero()) {
      return lookup.apply(keyId);
    }
    return entries.get(keyId, lookup);
  }

  /** Forgets a key at once, for revocations made through this instance. */
  public void forget(String keyId) {
    entries.invalidate(keyId);
  }
}
