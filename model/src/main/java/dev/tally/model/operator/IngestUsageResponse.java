package dev.tally.model.operator;

import java.util.List;
import java.util.Objects;

/**
 * The answer to {@code POST /operator/v1/usage-events}: every event of the batch is exactly one of
 * accepted (now durably counted), a duplicate (counted before, by an earlier delivery of the same
 * {@code event_id}) or rejected (with its index and reason).
 *
 * <pre>{@code
 * {"accepted": 998, "duplicates": 1, "rejected": [{"index": 3, ...}]}
 * }</pre>
 *
 * @param accepted events counted by this request
 * @param duplicates events counted before
 * @param rejected events not counted, in batch order
 */
public record IngestUsageResponse(int accepted, int duplicates, List<RejectedEvent> rejected) {

  public IngestUsageResponse {
    rejected = List.copyOf(Objects.requireNonNullElse(rejected, List.of()));
  }

  /** {@return how many events the answer accounts for: accepted, duplicates and rejected} */
  public int total() {
    return accepted + duplicates + rejected.size();
  }
}
