package dev.tally.engine;

import dev.tally.model.Money;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A named organization-level change to a period's USD total that no cluster owns: a charge when
 * positive (e.g. "Premium support" +100.00), a discount when negative (e.g. "Serverless free tier"
 * −15.00). Amounts are whole cents: the engine rounds only line amounts, so an adjustment must come
 * already rounded.
 *
 * <p>A discount never takes the period's USD total below zero; the invoice shows the part of it
 * that applied (see {@link InvoiceAssembler}).
 */
public record Adjustment(String name, BigDecimal amount) {

  public Adjustment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(amount, "amount");
    if (name.isBlank()) {
      throw new IllegalArgumentException("adjustment name must not be blank");
    }
    amount = Money.requireWholeCents(amount, "adjustment \"" + name + "\"");
  }

  public static Adjustment of(String name, String amount) {
    return new Adjustment(name, new BigDecimal(amount));
  }

  boolean isDiscount() {
    return amount.signum() < 0;
  }
}
