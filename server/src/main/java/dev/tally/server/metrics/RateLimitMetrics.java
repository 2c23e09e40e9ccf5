package dev.tally.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Requests refused by a rate limit (answered 429): {@code tally_http_rate_limited_total}, labelled
 * {@code limit} ({@code api_key} for the per-key request budget, {@code auth_failures} for the
 * failed-authentication limit). Registered at start, so it reads 0 before the first refusal.
 */
public final class RateLimitMetrics {

  public static final String RATE_LIMITED = "tally.http.rate.limited";

  /** Which limit refused a request. */
  public enum Limit {
    API_KEY("api_key"),
    CLIENT_IP("client_ip"),
    AUTH_FAILURES("auth_failures");

    private final String label;

    Limit(String label) {
      this.label = label;
    }
  }

  private final Counter apiKey;
  private final Counter clientIp;
  private final Counter authFailures;

  public RateLimitMetrics(MeterRegistry registry) {
    this.apiKey = counter(registry, Limit.API_KEY);
    this.clientIp = counter(registry, Limit.CLIENT_IP);
    this.authFailures = counter(registry, Limit.AUTH_FAILURES);
  }

  /** Counts one request refused by {@code limit}. */
  public void refused(Limit limit) {
    switch (limit) {
      case API_KEY -> apiKey.increment();
      case CLIENT_IP -> clientIp.increment();
      case AUTH_FAILURES -> authFailures.increment();
    }
  }

  /** Counts one request refused by the HTTP layer's {@code limit}. */
  public void refused(dev.tally.server.http.RateLimitListener.Limit limit) {
    refused(Limit.valueOf(limit.name()));
  }

  private static Counter counter(MeterRegistry registry, Limit limit) {
    return Counter.builder(RATE_LIMITED)
        .description("Requests refused with 429 by a rate limit")
        .tag("limit", limit.label)
        .register(registry);
  }
}
