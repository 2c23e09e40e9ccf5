package dev.tally.model.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.tally.model.DecimalInput;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One metered event, as sent in {@code POST /operator/v1/usage-events}:
 *
 * <pre>{@code
 * {"event_id": "evt-1", "organization_id": "acme", "cluster_id": "c-1",
 *  "sku": "basic.request_units", "quantity": 1500000, "timestamp": "2026-10-04T12:00:00Z"}
 * }</pre>
 *
 * <p>The server deduplicates by {@code event_id}, so sending an event again is safe. It checks each
 * event on its own and rejects a bad one alone (see {@link RejectedEvent}): an unknown
 * organization, cluster or SKU, a negative quantity or one of more than 12 decimals, a timestamp
 * more than 5 minutes in the future or in a closed month.
 *
 * @param eventId the metering pipeline's unique id of the event
 * @param organizationId the organization billed
 * @param clusterId the organization's cluster that used it
 * @param sku the price book's SKU, such as {@code basic.request_units}
 * @param quantity how much, in the SKU's {@code quantity_unit}; an exact decimal, written as a JSON
 *     number and read from a JSON number or string
 * @param timestamp when it happened; RFC 3339 on the wire, read strictly ({@link
 *     dev.tally.model.Rfc3339})
 */
public record UsageEvent(
    @JsonProperty("event_id") String eventId,
    @JsonProperty("organization_id") String organizationId,
    @JsonProperty("cluster_id") String clusterId,
    String sku,
    BigDecimal quantity,
    @JsonDeserialize(using = StrictInstant.class) Instant timestamp) {

  /**
   * A quantity is below 10^15: a quadrillion of any unit per event (docs/billing-model.md,
   * "Bounds").
   */
  public static final int MAX_QUANTITY_INTEGER_DIGITS = 15;

  /** The most decimal places of a quantity, trailing zeros aside. */
  public static final int MAX_QUANTITY_SCALE = 12;

  /**
   * A quantity as the operator API reads it: not negative and within the bounds above.
   *
   * @return the quantity without trailing zeros
   * @throws IllegalArgumentException saying which rule it breaks
   */
  public static BigDecimal checkQuantity(BigDecimal quantity) {
    BigDecimal exact =
        DecimalInput.bounded(quantity, MAX_QUANTITY_INTEGER_DIGITS, MAX_QUANTITY_SCALE, "quantity");
    if (exact.signum() < 0) {
      throw new IllegalArgumentException(
          "quantity must not be negative, got " + exact.toPlainString());
    }
    return exact;
  }

  public UsageEvent {
    Objects.requireNonNull(eventId, "event_id");
    Objects.requireNonNull(organizationId, "organization_id");
    Objects.requireNonNull(clusterId, "cluster_id");
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
