package dev.tally.server.invoices;

import dev.tally.model.BillingPeriod;
import java.util.Objects;

/**
 * A rating record as stored beside its invoice: the record's JSON text and the invoice's digest,
 * filed under an organization and month. What is stored may have been changed behind Tally's back;
 * {@link InvoiceVerifier} checks it.
 *
 * @param body the rating record's JSON ({@link dev.tally.engine.RatingRecord})
 * @param digest lowercase hex SHA-256 ({@link dev.tally.engine.InvoiceDigest})
 */
public record StoredRating(
    String organizationId,
    BillingPeriod period,
    String invoiceId,
    int priceBookRevision,
    String body,
    String digest) {

  public StoredRating {
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(invoiceId, "invoiceId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(digest, "digest");
  }
}
