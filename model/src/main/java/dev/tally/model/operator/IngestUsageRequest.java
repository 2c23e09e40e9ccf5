package dev.tally.model.operator;

import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /operator/v1/usage-events}: {@code {"events": [...]}}, at most {@value
 * #MAX_EVENTS} {@link UsageEvent}s.
 *
 * @param events the batch, answered in this order by index
 */
public record IngestUsageRequest(List<UsageEvent> events) {

  /** The most events one request may hold; the server answers a larger batch with 400. */
  public static final int MAX_EVENTS = 10_000;

  /**
   * Copies the batch.
   *
   * @throws IllegalArgumentException if it holds more than {@value #MAX_EVENTS} events
   */
  public IngestUsageRequest {
    events = List.copyOf(Objects.requireNonNull(events, "events"));
    if (events.size() > MAX_EVENTS) {
      throw new IllegalArgumentException(
          "a batch may hold at most " + MAX_EVENTS + " events, got " + events.size());
    }
  }
}
