package dev.tally.model;

import java.math.BigDecimal;

/**
 * The one way Tally reads a decimal it is given (quantities, unit prices, amounts): exact, within
 * stated bounds, and checked before anything expands it. {@code BigDecimal} takes exponents up to
 * 2^31, so {@code 1e2147483648} or {@code 1e-2147483647} would fail deep inside arithmetic or fill
 * memory when written out; here they are refused with a message in Tally's words.
 */
public final class DecimalInput {

  /** The longest decimal text accepted: far more digits than any bound allows. */
  private static final int MAX_TEXT = 64;

  private DecimalInput() {}

  /**
   * Reads a plain decimal written with ASCII digits: an optional {@code -}, digits, and optionally
   * a point followed by digits ({@code 12}, {@code -0.5}, {@code 0.0000002}). No exponent, sign
   * {@code +}, spaces, separators or other scripts' digits.
   *
   * @param field the field's name, for the message
   * @throws IllegalArgumentException saying what is expected
   */
  public static BigDecimal parse(String text, String field) {
    if (text == null || !isPlainDecimal(text)) {
      throw new IllegalArgumentException(
          field
              + " must be a decimal number written with digits 0-9 and an"
              + " optional point, such as \"12.5\""
              + (text == null ? "" : ", got '" + CallerText.quote(text) + "'"));
    }
    return new BigDecimal(text);
  }

  /**
   * The value within bounds, without trailing zeros and never in exponent form ({@code 1.50 → 1.5},
   * {@code 1E+3 → 1000}). Checked on the value's precision and scale alone, so an extreme exponent
   * costs nothing.
   *
   * @param maxIntegerDigits the value's size must be below {@code 10^maxIntegerDigits}
   * @param maxScale the most decimal places it may have once trailing zeros are dropped
   * @throws IllegalArgumentException naming the field and the bound it breaks
   */
  public static BigDecimal bounded(
      BigDecimal value, int maxIntegerDigits, int maxScale, String field) {
    if (value.signum() == 0) {
      return BigDecimal.ZERO;
    }
    long integerDigits = (long) value.precision() - value.scale();
    if (integerDigits > maxIntegerDigits) {
      throw new IllegalArgumentException(
          field + " is too large: it must be below 10^" + maxIntegerDigits);
    }
    // Dropping trailing zeros lowers the scale by at most precision - 1.
    if ((long) value.scale() - (value.precision() - 1) > maxScale) {
      throw new IllegalArgumentException(field + " has more than " + maxScale + " decimal places");
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() > maxScale) {
      throw new IllegalArgumentException(field + " has more than " + maxScale + " decimal places");
    }
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  private static boolean isPlainDecimal(String s) {
    int n = s.length();
    if (n == 0 || n > MAX_TEXT) {
      return false;
    }
    int i = s.charAt(0) == '-' ? 1 : 0;
    int digitsBefore = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digitsBefore++;
    }
    if (digitsBefore == 0) {
      return false;
    }
    if (i == n) {
      return true;
    }
    if (s.charAt(i) != '.') {
      return false;
    }
    i++;
    int digitsAfter = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digitsAfter++;
    }
    return digitsAfter > 0 && i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
