package dev.tally.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.tally.server.store.ConnectionWaits;
import dev.tally.server.store.StoreException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * What API key ids stood for when they were last read from the database, so that a hot read costs
 * no database round trip and a key id that is not there costs one lookup per {@link #staleness()}
 * rather than one per request:
 *
 * <ul>
 *   <li>an organization key id: its stored secret hash, its state and the principal it
 *       authenticates as, or nothing for an unknown id;
 *   <li>an operator key id found unknown (operator keys that exist are read on every request);
 *   <li>which key ids, of either kind, were found to exist within the last {@link #KNOWN_FOR}: a
 *       client address that has spent its allowance of failures with unknown key ids may still use
 *       those ({@code http.Access}).
 * </ul>
 *
 * <p>The bound is the documented promise (README, "Running it"): a key revoked, or a role revoked,
 * behind this instance's back stops working within {@code staleness}, and a key created after a
 * request found its id unknown works within it too. Expiry needs no bound: the cached expiry time
 * is checked on every request. The secret itself is never kept; each request's token is hashed and
 * compared with the cached hash.
 *
 * <p>One lookup per key id at a time: concurrent requests with the same key id share it and get its
 * answer at once. A lookup that fails fails only the request that made it (a failure is not
 * remembered): each request that waited for it looks up for itself. A request that waits for
 * another's lookup counts that wait against its own database timeout as far as the lookup itself
 * waited for connections ({@link ConnectionWaits#chargeShared}), so during an outage every request
 * with a hot key gets its 503 within the timeout, rather than one after another, and a lookup
 * slowed by a healthy database, or cancelled, costs the others none of it.
 */
public final class CredentialCache {

  /** The default staleness bound: 5 seconds. */
  public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(5);

  /** How long a key id found to exist counts as known. */
  public static final Duration KNOWN_FOR = Duration.ofMinutes(10);

  private static final long MAX_ENTRIES = 100_000;

  /** A key as last read: its credential and the principal it authenticates as. */
  public record Entry(ApiKeys.Credential credential, Principal principal) {}

  private final Duration staleness;
  private final Cache<String, Optional<Entry>> entries;

  /**
   * The lookups under way, by key id; a request that needs one waits for it. Not Caffeine's
   * asynchronous cache: it logs every failed load with its stack trace, and during an outage every
   * load fails.
   */
  private final ConcurrentHashMap<String, CompletableFuture<Lookup>> loading =
      new ConcurrentHashMap<>();

  private final Cache<String, Boolean> unknownOperatorKeys;
  private final Cache<String, Boolean> known;

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
    Ticker ticker = () -> clock.millis() * 1_000_000L;
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .expireAfterWrite(staleness)
            .ticker(ticker)
            .build();
    this.unknownOperatorKeys =
        Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .expireAfterWrite(staleness)
            .ticker(ticker)
            .build();
    this.known =
        Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .expireAfterWrite(KNOWN_FOR)
            .ticker(ticker)
            .build();
  }

  /** How long a lookup is reused at most. */
  public Duration staleness() {
    return staleness;
  }

  /**
   * The entry for the organization key id, loading it with {@code lookup} on this thread when
   * absent or too old, or waiting for the load another request has under way.
   *
   * @throws RuntimeException what this request's own lookup threw
   */
  Optional<Entry> get(String keyId, Function<String, Optional<Entry>> lookup) {
    if (staleness.isZero()) {
      return remembered(ApiKeySecret.ORGANIZATION, keyId, lookup.apply(keyId));
    }
    Optional<Entry> cached = entries.getIfPresent(keyId);
    if (cached != null) {
      return cached;
    }
    CompletableFuture<Lookup> mine = new CompletableFuture<>();
    CompletableFuture<Lookup> running = loading.putIfAbsent(keyId, mine);
    if (running != null) {
      Optional<Optional<Entry>> shared = await(running);
      // A lookup that failed fails only the request that made it: this one looks up for itself,
      // within what is left of its wait.
      return shared.isPresent() ? shared.get() : lookUp(keyId, lookup);
    }
    long waitedBefore = ConnectionWaits.spent();
    try {
      // A lookup that ended between the first look and putIfAbsent left its entry.
      Optional<Entry> found = entries.getIfPresent(keyId);
      if (found == null) {
        found = lookUp(keyId, lookup);
      }
      mine.complete(new Lookup(found, ConnectionWaits.spent() - waitedBefore));
      return found;
    } catch (RuntimeException | Error e) {
      // Those who waited look up for themselves; a failure is not remembered, so the next request
      // looks up anew.
      mine.complete(new Lookup(null, ConnectionWaits.spent() - waitedBefore));
      throw e;
    } finally {
      loading.remove(keyId, mine);
    }
  }

  private Optional<Entry> lookUp(String keyId, Function<String, Optional<Entry>> lookup) {
    Optional<Entry> found = remembered(ApiKeySecret.ORGANIZATION, keyId, lookup.apply(keyId));
    entries.put(keyId, found);
    return found;
  }

  /**
   * The entry for the organization key id if a lookup within the staleness bound left one; never
   * looks up, so it costs no database read. Empty when nothing is cached, or when the cache is off
   * (a staleness of zero).
   */
  Optional<Entry> peek(String keyId) {
    if (staleness.isZero()) {
      return Optional.empty();
    }
    Optional<Entry> cached = entries.getIfPresent(keyId);
    return cached == null ? Optional.empty() : cached;
  }

  private Optional<Entry> remembered(String prefix, String keyId, Optional<Entry> found) {
    if (found.isPresent()) {
      rememberKnown(prefix, keyId);
    }
    return found;
  }

  /** A lookup's answer, null when it failed, and how long it waited for connections. */
  private record Lookup(Optional<Entry> entry, long connectionWaitNanos) {}

  /**
   * Another request's lookup: its answer, or empty when it failed. The wait is counted against this
   * request's database timeout as far as the lookup itself waited for connections ({@link
   * ConnectionWaits#chargeShared}): a lookup slowed by a healthy database (a lock, a busy server),
   * or failed by itself (a cancelled statement), costs this request none of its timeout; one that
   * waited out the pool during an outage costs it that, so its own lookup fails at once.
   */
  private static Optional<Optional<Entry>> await(CompletableFuture<Lookup> load) {
    long started = System.nanoTime();
    Lookup lookup;
    try {
      lookup = load.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a key's lookup ended without an outcome", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(new SQLException("interrupted while waiting for a key's lookup", e));
    }
    ConnectionWaits.chargeShared(System.nanoTime() - started, lookup.connectionWaitNanos());
    return Optional.ofNullable(lookup.entry());
  }

  /** Whether the operator key id was found unknown within the staleness bound. */
  boolean isUnknownOperatorKey(String keyId) {
    return !staleness.isZero() && unknownOperatorKeys.getIfPresent(keyId) != null;
  }

  /** Remembers that the operator key id was not found. */
  void rememberUnknownOperatorKey(String keyId) {
    if (!staleness.isZero()) {
      unknownOperatorKeys.put(keyId, Boolean.TRUE);
    }
  }

  /** Remembers that a key id of the kind ({@code TALLY1} or {@code TALLYOP1}) exists. */
  void rememberKnown(String prefix, String keyId) {
    known.put(prefix + ":" + keyId, Boolean.TRUE);
  }

  /** Whether a key id of the kind was found to exist within {@link #KNOWN_FOR}; costs no lookup. */
  boolean isKnown(String prefix, String keyId) {
    return known.getIfPresent(prefix + ":" + keyId) != null;
  }

  /** Forgets a key at once, for revocations made through this instance. */
  public void forget(String keyId) {
    entries.invalidate(keyId);
  }
}
