package dev.tally.model.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The body of {@code POST /operator/v1/organizations/{organization_id}/credit-grants}: prepaid
 * {@code CRDB_CLOUD_CREDITS} usable from {@code starts_at} until {@code expires_at}.
 *
 * <pre>{@code
 * {"amount": 500.00, "starts_at": "2026-01-01T00:00:00Z", "expires_at": "2027-01-01T00:00:00Z"}
 * }</pre>
 *
 * <p>The server requires a positive whole-cents amount ({@link dev.tally.model.Money}) and an
 * expiry after the start, and answers 400 otherwise.
 *
 * @param amount credits, in whole cents; a JSON number on the wire (a string is read too)
 * @param startsAt when the credits become usable (inclusive); RFC 3339
 * @param expiresAt when they expire (exclusive); RFC 3339
 */
public record CreditGrantRequest(
    BigDecimal amount,
    @JsonProperty("starts_at") @JsonDeserialize(using = StrictInstant.class) Instant startsAt,
    @JsonProperty("expires_at") @JsonDeserialize(using = StrictInstant.class) Instant expiresAt) {

  public CreditGrantRequest {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(startsAt, "starts_at");
    Objects.requireNonNull(expiresAt, "expires_at");
  }
}
