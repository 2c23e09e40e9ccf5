package dev.tally.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The whole-cents rule, the one check that an amount of money given to Tally (a credit grant, an
 * adjustment, a credit draw) is a whole number of cents. Amounts are USD (or credits, which count
 * like USD) as exact {@link BigDecimal}s; a whole-cents amount is written with scale 2.
 *
 * <p>This never rounds: a fraction of a cent where whole cents are required is the caller's
 * mistake. The engine's one rounding step, of a line's exact amount to cents, is {@code
 * dev.tally.engine.Cents}.
 */
public final class Money {

  /** Decimal places of a whole-cents amount. */
  public static final int CENT_SCALE = 2;

  private Money() {}

  /**
   * Whether the amount is a whole number of cents: at most two fraction digits once trailing zeros
   * are dropped ({@code 1.5}, {@code 1.50}, {@code 1.5000} and {@code 1E+3} are; {@code 1.505} is
   * not).
   */
  public static boolean isWholeCents(BigDecimal amount) {
    return amount.stripTrailingZeros().scale() <= CENT_SCALE;
  }

  /**
   * The amount with scale 2, for amounts that must already be whole cents.
   *
   * @param amount any sign
   * @param field names the amount in the error message, such as {@code "amount"} or {@code
   *     "adjustment \"Support\""}
   * @return the same value with scale 2, such as {@code 1.50} for {@code 1.5}
   * @throws IllegalArgumentException {@code "<field> must be a whole number of cents, was 2.505"}
   *     if the amount has a fraction of a cent
   */
  public static BigDecimal requireWholeCents(BigDecimal amount, String field) {
    Objects.requireNonNull(amount, field);
    if (!isWholeCents(amount)) {
      throw new IllegalArgumentException(
          field + " must be a whole number of cents, was " + amount.toPlainString());
    }
    return amount.setScale(CENT_SCALE, RoundingMode.UNNECESSARY);
  }
}
