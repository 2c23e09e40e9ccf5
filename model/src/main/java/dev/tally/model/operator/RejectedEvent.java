package dev.tally.model.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.model.GrpcCode;
import java.util.Objects;
import java.util.Optional;

/**
 * Why one event of a batch was not counted, in {@link IngestUsageResponse#rejected()}:
 *
 * <pre>{@code
 * {"index": 3, "event_id": "evt-4", "code": "NOT_FOUND", "reason": "unknown sku basic.gpu"}
 * }</pre>
 *
 * @param index the event's position in the batch, from 0
 * @param eventId its id, when it had a readable one; {@code null} (and left out) otherwise
 * @param code the gRPC code name: {@code INVALID_ARGUMENT} (malformed), {@code NOT_FOUND} (unknown
 *     organization, cluster or SKU) or {@code FAILED_PRECONDITION} (its month is closed)
 * @param reason for people
 */
public record RejectedEvent(
    int index, @JsonProperty("event_id") String eventId, String code, String reason) {

  public RejectedEvent {
    Objects.requireNonNull(code, "code");
    reason = Objects.requireNonNullElse(reason, "");
  }

  /** {@return the code as a {@link GrpcCode}, or empty if this build does not know its name} */
  public Optional<GrpcCode> grpcCode() {
    for (GrpcCode known : GrpcCode.values()) {
      if (known.name().equals(code)) {
        return Optional.of(known);
      }
    }
    return Optional.empty();
  }
}
