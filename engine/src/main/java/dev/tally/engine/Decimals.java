package dev.tally.engine;

import java.math.BigDecimal;

/**
 * Canonical form for exact decimals that are not money (quantities, unit prices).
 *
 * <p>{@link BigDecimal#equals} compares scale, so {@code 1.50} ≠ {@code 1.5}. Usage split into rows
 * differently sums to the same value with a different scale; writing every quantity and unit price
 * in one form keeps invoices {@code equals()} however the usage was grouped.
 */
final class Decimals {

  private Decimals() {}

  /**
   * The value without trailing zeros and never in exponent form: {@code 1.50 → 1.5}, {@code 1E+3 →
   * 1000}.
   */
  static BigDecimal canonical(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
