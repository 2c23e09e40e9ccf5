package dev.tally.server.metrics;

import dev.tally.server.http.RateLimitListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Requests refused by a rate limit (answered 429): {@code tally_http_rate_limited_total}, labelled
 * {@code limit} with the refusing limit's name in lower case ({@code api_key}, {@code client_ip},
 * {@code auth_failures}; see {@link RateLimitListener.Limit}). Registered at start, so it reads 0
 * before the first refusal.
 */
public final class RateLimitMetrics implements RateLimitListener {

  public static final String RATE_LIMITED = "tally.http.rate.limited";

  private final Map<Limit, Counter> counters = new EnumMap<>(Limit.class);

  public RateLimitMetrics(MeterRegistry registry) {
    for (Limit limit : Limit.values()) {
      counters.put(
          limit,
          Counter.builder(RATE_LIMITED)
              .description("Requests refused with 429 by a rate limit")
              .tag("limit", limit.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
  }

  /** Counts one request refused by {@code limit}. */
  @Override
  public void limited(Limit limit) {
    counters.get(limit).increment();
  }
}
