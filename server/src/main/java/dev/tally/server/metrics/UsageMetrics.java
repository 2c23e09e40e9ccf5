package dev.tally.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Usage events by outcome, counted once their batch committed: {@code
 * tally_usage_events_accepted_total}, {@code tally_usage_events_duplicate_total} and {@code
 * tally_usage_events_rejected_total} labelled {@code reason} with the rejection's gRPC code name
 * ({@code INVALID_ARGUMENT}, {@code NOT_FOUND}, {@code ALREADY_EXISTS}, {@code
 * FAILED_PRECONDITION}): a small fixed set, never the free-text reason.
 */
public final class UsageMetrics {

  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter duplicates;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

  public UsageMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.accepted =
        Counter.builder("tally.usage.events.accepted")
            .description("Usage events accepted (counted on an invoice)")
            .register(registry);
    this.duplicates =
        Counter.builder("tally.usage.events.duplicate")
            .description("Usage events already accepted before (replays)")
            .register(registry);
  }

  /** Counts one committed batch. */
  public void batch(int acceptedCount, int duplicateCount, Map<String, Long> rejectedByCode) {
    accepted.increment(acceptedCount);
    duplicates.increment(duplicateCount);
    rejectedByCode.forEach((code, count) -> rejected(code).increment(count));
  }

  private Counter rejected(String code) {
    return rejected.computeIfAbsent(
        code,
        c ->
            Counter.builder("tally.usage.events.rejected")
                .description("Usage events rejected, by gRPC code")
                .tag("reason", c)
                .register(registry));
  }
}
