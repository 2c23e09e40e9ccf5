package dev.tally.engine;

import dev.tally.model.Money;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A credit grant and what is left of it: the server passes one per grant as of the period's start
 * (the grant's amount less every draw of finalized invoices), and a {@link CreditLedger} gives them
 * back as of the period's end.
 */
public record GrantBalance(CreditGrant grant, BigDecimal remaining) {

  public GrantBalance {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(remaining, "remaining");
    remaining = Money.requireWholeCents(remaining, "credit grant " + grant.id() + " remaining");
    if (remaining.signum() < 0 || remaining.compareTo(grant.amount()) > 0) {
      throw new IllegalArgumentException(
          "credit grant "
              + grant.id()
              + ": remaining "
              + remaining.toPlainString()
              + " must be between 0 and the grant's amount "
              + grant.amount().toPlainString());
    }
  }

  /** A grant nothing has been drawn from yet. */
  public static GrantBalance unused(CreditGrant grant) {
    return new GrantBalance(grant, grant.amount());
  }

  public String grantId() {
    return grant.id();
  }
}
