package dev.tally.server.orgs;

import dev.tally.model.BillingPeriod;
import dev.tally.model.extensions.BillingContact;
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
 * @param billingContact who its invoices are addressed to; never null, its fields null when unset
 */
public record Organization(
    String id,
    String name,
    Instant createdAt,
    YearMonth billingStart,
    BillingContact billingContact) {

  public Organization {
    billingContact = billingContact == null ? BillingContact.NONE : billingContact;
  }

  /** An organization with no billing contact yet. */
  public Organization(String id, String name, Instant createdAt, YearMonth billingStart) {
    this(id, name, createdAt, billingStart, BillingContact.NONE);
  }

  /** The first billing period, {@link #billingStart} as a period. */
  public BillingPeriod firstPeriod() {
    return new BillingPeriod(billingStart);
  }
}
