package dev.tally.model;

import java.util.Objects;

/** A named credit (negative) or charge (positive) on an invoice that no single cluster owns. */
public record InvoiceAdjustment(String name, CurrencyAmount amount) {

  /**
   * The name of the adjustment pair that shows what credits paid: −X USD and +X {@code
   * CRDB_CLOUD_CREDITS} (docs/billing-model.md, "Credits").
   */
  public static final String CREDITS_APPLIED = "Credits applied";

  public InvoiceAdjustment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(amount, "amount");
  }
}
