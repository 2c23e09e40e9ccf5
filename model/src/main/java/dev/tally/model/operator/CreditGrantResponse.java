package dev.tally.model.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The answer (201) to {@code POST /operator/v1/organizations/{organization_id}/credit-grants}: the
 * grant as stored.
 *
 * <pre>{@code
 * {"id": "3f2a...", "amount": 500.00, "starts_at": "2026-01-01T00:00:00Z",
 *  "expires_at": "2027-01-01T00:00:00Z"}
 * }</pre>
 *
 * @param id the grant's id, made by the server
 * @param amount the credits, with scale 2
 * @param startsAt when the credits become usable (inclusive); RFC 3339 in UTC
 * @param expiresAt when they expire (exclusive); RFC 3339 in UTC
 */
public record CreditGrantResponse(
    String id,
    BigDecimal amount,
    @JsonProperty("starts_at") @JsonDeserialize(using = StrictInstant.class) Instant startsAt,
    @JsonProperty("expires_at") @JsonDeserialize(using = StrictInstant.class) Instant expiresAt) {

  public CreditGrantResponse {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(startsAt, "starts_at");
    Objects.requireNonNull(expiresAt, "expires_at");
  }
}
