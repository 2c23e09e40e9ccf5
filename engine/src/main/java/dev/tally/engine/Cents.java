package dev.tally.engine;

import dev.tally.model.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The only place in the engine where money is rounded.
 *
 * <p>A line's exact amount (quantity × unit price, which may have many decimal places) is rounded
 * to whole cents here; every other amount on an invoice is an exact sum of amounts that already are
 * whole cents, so totals always add up to the cent and never drift.
 *
 * <p>Amounts that must already be whole cents (credits, adjustments) are checked, never rounded, by
 * the one whole-cents rule, {@link Money#requireWholeCents}.
 *
 * <p>Rounding is {@link RoundingMode#HALF_EVEN} ("banker's rounding"): prices such as $0.00000025
 * per request unit often produce exact half cents, and rounding those always up (HALF_UP) would
 * overcharge by a systematic half cent on a fraction of lines. HALF_EVEN rounds halves up and down
 * equally often, so it has no bias across many lines and invoices. It is also the rounding of IEEE
 * 754 decimal arithmetic and of most ledgers.
 */
public final class Cents {

  /** Decimal places of a whole-cent amount: {@link Money#CENT_SCALE}. */
  public static final int SCALE = Money.CENT_SCALE;

  /** How exact amounts are rounded to cents; see the class comment for why. */
  public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;

  /** Zero, written as whole cents ({@code 0.00}). */
  public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

  private Cents() {}

  /** Rounds an exact amount to whole cents, half to even. The result always has scale 2. */
  public static BigDecimal round(BigDecimal exact) {
    return exact.setScale(SCALE, ROUNDING);
  }
}
