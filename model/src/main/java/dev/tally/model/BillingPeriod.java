package dev.tally.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * One billing period: a calendar month in UTC, {@code [start, end)}. An organization gets one
 * invoice per period, and an invoice's {@code period_start} and {@code period_end} are this
 * period's {@link #start()} and {@link #end()}. Written {@code YYYY-MM}, as in {@code 2026-10}.
 */
public record BillingPeriod(YearMonth month) {

  public BillingPeriod {
    Objects.requireNonNull(month, "month");
  }

  public static BillingPeriod of(int year, int month) {
    return new BillingPeriod(YearMonth.of(year, month));
  }

  /**
   * The period written {@code YYYY-MM}: a four-digit year, a dash and a two-digit month from 01 to
   * 12, in ASCII digits, nothing before or after. This is how every Tally interface writes a period
   * (operator routes, the command line, invoice ids).
   *
   * @param text such as {@code 2026-10}
   * @return the period
   * @throws IllegalArgumentException if the text is not of that form, saying what is expected
   */
  public static BillingPeriod parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() == 7 && text.charAt(4) == '-') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 2);
      if (year >= 0 && month >= 1 && month <= 12) {
        return of(year, month);
      }
    }
    throw new IllegalArgumentException(
        "a billing period is written YYYY-MM, such as 2026-10; got '"
            + CallerText.quote(text)
            + "'");
  }

  /** The period that the given instant falls in, by its UTC date. */
  public static BillingPeriod containing(Instant instant) {
    return new BillingPeriod(YearMonth.from(instant.atZone(ZoneOffset.UTC)));
  }

  /** The period holding the given UTC day. */
  public static BillingPeriod containing(LocalDate day) {
    return new BillingPeriod(YearMonth.from(day));
  }

  /** The first instant of the period (inclusive): midnight UTC on the 1st. */
  public Instant start() {
    return firstDay().atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The end of the period (exclusive): midnight UTC on the 1st of the next month. */
  public Instant end() {
    return month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public LocalDate firstDay() {
    return month.atDay(1);
  }

  public LocalDate lastDay() {
    return month.atEndOfMonth();
  }

  public int lengthInDays() {
    return month.lengthOfMonth();
  }

  public boolean contains(LocalDate day) {
    return YearMonth.from(day).equals(month);
  }

  /** Every UTC day of the period, in order. */
  public List<LocalDate> days() {
    return firstDay().datesUntil(lastDay().plusDays(1)).toList();
  }

  public BillingPeriod next() {
    return new BillingPeriod(month.plusMonths(1));
  }

  /** {@code YYYY-MM}, the form {@link #parse} reads. */
  @Override
  public String toString() {
    return month.toString();
  }

  /** The value of {@code length} ASCII digits at {@code from}, or -1 if any is not one. */
  private static int digits(String text, int from, int length) {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
