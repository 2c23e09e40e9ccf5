package dev.tally.server.orgs;

import dev.tally.model.BillingPeriod;
import java.time.Instant;
import java.time.YearMonth;

/**
 * A tenant.
 *
 * @param createdAt when it was created
 * @param billingStart the first month it is billed for (UTC): every month from then on has an
 *     invoice, and usage, adjustments and credits dated before it are rejected. By default the
 *     month it was created in; earlier for an operator who backfills history
 *     (docs/billing-model.md).
 */
public record Organization(String id, String name, Instant createdAt, YearMonth billingStart) {

  /** The first billing period, {@link #billingStart} as a period. */
  public BillingPeriod firstPeriod() {
    return new BillingPeriod(billingStart);
  }
}
