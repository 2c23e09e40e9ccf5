package dev.tally.model;

import java.util.Objects;

/** A named credit (negative) or charge (positive) on an invoice that no single cluster owns. */
public record InvoiceAdjustment(String name, CurrencyAmount amount) {

  public InvoiceAdjustment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(amount, "amount");
  }
}
