package dev.tally.cli.format;

import dev.tally.model.BillingPeriod;
import dev.tally.model.Invoice;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How an invoice's period reads: {@code 2026-10} for a calendar month in UTC, as every Tally period
 * is.
 */
final class PeriodLabel {

  private PeriodLabel() {}

  static String of(Invoice invoice) {
    BillingPeriod month = BillingPeriod.containing(invoice.periodStart());
    if (invoice.periodStart().equals(month.start()) && invoice.periodEnd().equals(month.end())) {
      return month.toString();
    }
    // Another server's period need not be a month: show its days, the end exclusive as on the wire.
    return day(invoice.periodStart()) + ".." + day(invoice.periodEnd());
  }

  private static String day(Instant instant) {
    LocalDate date = LocalDate.ofInstant(instant, ZoneOffset.UTC);
    return instant.equals(date.atStartOfDay().toInstant(ZoneOffset.UTC))
        ? date.toString()
        : instant.toString();
  }
}
