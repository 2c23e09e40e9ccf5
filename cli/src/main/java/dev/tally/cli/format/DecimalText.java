package dev.tally.cli.format;

import dev.tally.model.CurrencyAmount;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Numbers for people: thousands grouped, never in exponent notation and never rounded, since a unit
 * cost such as {@code 0.0000002} must read exactly as billed.
 */
public final class DecimalText {

  private DecimalText() {}

  /** An amount of money: at least two decimals ({@code 1,234.50}), more only when it has them. */
  public static String money(BigDecimal amount) {
    return grouped(atLeastScale(amount, 2));
  }

  /**
   * {@code 1,234.50 USD}; the currency as on the wire, so one newer than this build still shows.
   */
  public static String money(CurrencyAmount amount) {
    return money(amount.amount()) + " " + amount.currency().raw();
  }

  /** Amounts in several currencies, joined; {@code -} for none. */
  public static String money(List<CurrencyAmount> amounts) {
    return amounts.isEmpty()
        ? "-"
        : amounts.stream().map(DecimalText::money).collect(Collectors.joining(", "));
  }

  /** A quantity: no decimals it does not have ({@code 2,880}, {@code 1.5}). */
  public static String quantity(BigDecimal quantity) {
    return grouped(atLeastScale(quantity, 0));
  }

  private static BigDecimal atLeastScale(BigDecimal value, int scale) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < scale ? stripped.setScale(scale) : stripped;
  }

  private static String grouped(BigDecimal value) {
    String plain = value.abs().toPlainString();
    int point = plain.indexOf('.');
    String whole = point < 0 ? plain : plain.substring(0, point);
    String fraction = point < 0 ? "" : plain.substring(point);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0) {
        out.append(',');
      }
      out.append(whole.charAt(i));
    }
    return (value.signum() < 0 ? "-" : "") + out + fraction;
  }
}
