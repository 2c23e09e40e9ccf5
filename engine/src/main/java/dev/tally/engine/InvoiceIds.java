package dev.tally.engine;

import dev.tally.model.BillingPeriod;
import java.util.Objects;

/**
 * A deterministic invoice id for an organization's period: the server may use it, or pass ids of
 * its own through {@link RatingInput#withInvoiceId}. Being a function of (organization, month), it
 * lets a retried period close produce the same id instead of a second invoice.
 */
public final class InvoiceIds {

  private InvoiceIds() {}

  /** {@code inv_<organizationId>_<yyyy-MM>}, e.g. {@code inv_org123_2024-04}. */
  public static String monthly(String organizationId, BillingPeriod period) {
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(period, "period");
    return "inv_" + organizationId + "_" + period;
  }
}
