package dev.tally.server.usage;

import dev.tally.engine.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** One metered event that passed validation. */
public record UsageEvent(
    String eventId, String organizationId, String clusterId, String sku, BigDecimal quantity, Instant timestamp) {

  /** The UTC day the usage happened on, which prices it and places it in a month. */
  public LocalDate day() {
    return LocalDate.ofInstant(timestamp, ZoneOffset.UTC);
  }

  public LocalDate periodStart() {
    return day().withDayOfMonth(1);
  }

  /** The billing period (UTC calendar month) the usage belongs to. */
  public BillingPeriod period() {
    return BillingPeriod.containing(day());
  }
}
