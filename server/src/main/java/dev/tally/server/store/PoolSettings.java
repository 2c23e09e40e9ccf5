package dev.tally.server.store;

import java.time.Duration;

/**
 * How the connection pool behaves.
 *
 * @param maximumSize the most connections open at once, from 1 to 1,000; {@code null} for the
 *     default (16 on PostgreSQL, 8 embedded)
 * @param connectionTimeout how long a unit of work waits for a connection before it fails (then the
 *     HTTP answer is 503 with {@code Retry-After}), at least 250 ms; {@code null} for the default
 *     (800 ms on PostgreSQL, so that requests fail within a second while the database is
 *     unreachable; 10 s embedded, where the database cannot be unreachable and only contention
 *     waits)
 */
public record PoolSettings(Integer maximumSize, Duration connectionTimeout) {

  public static final int DEFAULT_SIZE = 16;
  public static final int DEFAULT_EMBEDDED_SIZE = 8;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(800);
  public static final Duration DEFAULT_EMBEDDED_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(250);

  /** Every default. */
  public static final PoolSettings DEFAULTS = new PoolSettings(null, null);

  public PoolSettings {
    if (maximumSize != null && (maximumSize < 1 || maximumSize > 1_000)) {
      throw new IllegalArgumentException(
          "the pool size must be between 1 and 1000, got " + maximumSize);
    }
    if (connectionTimeout != null && connectionTimeout.compareTo(MIN_TIMEOUT) < 0) {
      throw new IllegalArgumentException(
          "the database timeout must be at least 250ms, got "
              + connectionTimeout.toMillis()
              + "ms");
    }
  }

  int sizeFor(DatabaseConfig config) {
    return maximumSize != null
        ? maximumSize
        : config.isEmbedded() ? DEFAULT_EMBEDDED_SIZE : DEFAULT_SIZE;
  }

  Duration timeoutFor(DatabaseConfig config) {
    return connectionTimeout != null
        ? connectionTimeout
        : config.isEmbedded() ? DEFAULT_EMBEDDED_TIMEOUT : DEFAULT_TIMEOUT;
  }
}
