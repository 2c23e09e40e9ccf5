package dev.tally.server.credits;

import dev.tally.model.Money;
import dev.tally.server.errors.Failure;
import java.math.BigDecimal;

/**
 * The rule for amounts an operator enters (credit grants, adjustments): USD, whole cents, and less
 * than a trillion in size, well inside their NUMERIC(20, 2) columns.
 */
final class Amounts {

  /** Exclusive bound on an amount's size. */
  static final BigDecimal LIMIT = new BigDecimal("1000000000000");

  private Amounts() {}

  /**
   * The amount with scale 2.
   *
   * @throws Failure INVALID_ARGUMENT for a fraction of a cent or a size of a trillion or more
   */
  static BigDecimal require(String what, BigDecimal amount) {
    if (amount.abs().compareTo(LIMIT) >= 0) {
      throw Failure.invalid(
          what + " must be less than 1000000000000.00 in size, got " + amount.toPlainString());
    }
    try {
      return Money.requireWholeCents(amount, what);
    } catch (IllegalArgumentException e) {
      throw Failure.invalid(e.getMessage());
    }
  }
}
