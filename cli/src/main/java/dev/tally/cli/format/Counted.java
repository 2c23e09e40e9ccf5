package dev.tally.cli.format;

import java.util.Locale;

/**
 * A count with its noun in the number English wants: {@code 1 invoice}, {@code 2 invoices}, {@code
 * 1,000 events}; and rates, {@code 1 invoice/s}. Every count the CLI prints next to a noun goes
 * through here, so none reads "1 invoices".
 */
public final class Counted {

  private Counted() {}

  /** {@code n} with thousands separators, then the noun, plural ({@code noun + "s"}) unless 1. */
  public static String of(long n, String noun) {
    return of(n, noun, noun + "s");
  }

  /** As {@link #of(long, String)}, for a noun whose plural is not {@code noun + "s"}. */
  public static String of(long n, String singular, String plural) {
    return String.format(Locale.ROOT, "%,d", n) + " " + (n == 1 ? singular : plural);
  }

  /**
   * A rate rounded to a whole number, {@code 1,234 invoices/s}; singular when it shows as 1.
   *
   * @param perSecond how many a second
   */
  public static String perSecond(double perSecond, String noun) {
    String shown = String.format(Locale.ROOT, "%,.0f", perSecond);
    return shown + " " + (shown.equals("1") ? noun : noun + "s") + "/s";
  }

  /** Only the noun, as a count of {@code n} wants it: for {@code 3/10 invoices}. */
  public static String noun(long n, String noun) {
    return n == 1 ? noun : noun + "s";
  }
}
