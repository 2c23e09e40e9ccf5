package dev.tally.engine;

import java.math.BigDecimal;

/** The rule every unit price obeys, list or contract: exact, not negative, in canonical form. */
final class UnitPrices {

  private UnitPrices() {}

  static BigDecimal requireValid(BigDecimal unitPrice) {
    if (unitPrice.signum() < 0) {
      throw new IllegalArgumentException(
          "unit_price must not be negative, was " + unitPrice.toPlainString());
    }
    return Decimals.canonical(unitPrice);
  }
}
