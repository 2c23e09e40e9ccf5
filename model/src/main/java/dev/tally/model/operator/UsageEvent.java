package dev.tally.model.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
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

  public UsageEvent {
    Objects.requireNonNull(eventId, "event_id");
    Objects.requireNonNull(organizationId, "organization_id");
    Objects.requireNonNull(clusterId, "cluster_id");
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
