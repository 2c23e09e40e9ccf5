package dev.tally.engine;

import dev.tally.model.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Credits taken from one grant to pay charges incurred on one UTC day. The server persists the
 * draws of a finalized invoice; a grant's remaining amount is its amount less all its persisted
 * draws.
 */
public record CreditDraw(String grantId, LocalDate day, BigDecimal amount) {

  public CreditDraw {
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(amount, "amount");
    amount = Money.requireWholeCents(amount, "credit draw from " + grantId);
    if (amount.signum() <= 0) {
      throw new IllegalArgumentException(
          "credit draw from " + grantId + " must be positive, was " + amount.toPlainString());
    }
  }
}
