package dev.tally.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * One billing period: a calendar month in UTC, {@code [start, end)}. An organization gets one
 * invoice per period.
 */
public record BillingPeriod(YearMonth month) {

  public BillingPeriod {
    Objects.requireNonNull(month, "month");
  }

  public static BillingPeriod of(int year, int month) {
    return new BillingPeriod(YearMonth.of(year, month));
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

  /** {@code yyyy-MM}. */
  @Override
  public String toString() {
    return month.toString();
  }
}
