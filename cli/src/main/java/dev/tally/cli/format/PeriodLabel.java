package dev.tally.cli.format;

import dev.tally.model.Invoice;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** How an invoice's period reads: {@code 2026-10} for a calendar month in UTC, as every Tally period is. */
final class PeriodLabel {

  private PeriodLabel() {}

  static String of(Invoice invoice) {
    YearMonth month = YearMonth.from(invoice.periodStart().atOffset(ZoneOffset.UTC));
    if (invoice.periodStart().equals(startOf(month)) && invoice.periodEnd().equals(startOf(month.plusMonths(1)))) {
      return month.toString();
    }
    // Another server's period need not be a month: show its days, the end exclusive as on the wire.
    return day(invoice.periodStart()) + ".." + day(invoice.periodEnd());
  }

  private static Instant startOf(YearMonth month) {
    return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  private static String day(Instant instant) {
    LocalDate date = LocalDate.ofInstant(instant, ZoneOffset.UTC);
    return instant.equals(date.atStartOfDay().toInstant(ZoneOffset.UTC)) ? date.toString() : instant.toString();
  }
}
