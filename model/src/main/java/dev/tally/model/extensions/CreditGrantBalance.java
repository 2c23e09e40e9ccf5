package dev.tally.model.extensions;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One credit grant in {@link CreditsOverview}.
 *
 * @param id the grant's id
 * @param amount the credits granted (USD), a decimal string with two places
 * @param remaining what is left after every finalized invoice's draws and the open months' draft
 *     draws, a decimal string with two places; a grant that has expired keeps what it had left
 *     (which can no longer be drawn)
 * @param startsAt first instant it may be drawn (inclusive), UTC
 * @param expiresAt when it expires (exclusive), UTC
 */
public record CreditGrantBalance(
    String id,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal remaining,
    @JsonProperty("starts_at") Instant startsAt,
    @JsonProperty("expires_at") Instant expiresAt) {

  public CreditGrantBalance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(remaining, "remaining");
    Objects.requireNonNull(startsAt, "starts_at");
    Objects.requireNonNull(expiresAt, "expires_at");
  }
}
