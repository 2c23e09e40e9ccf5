package dev.tally.server.invoices;

import dev.tally.model.BillingPeriod;
import java.util.Objects;
import java.util.Optional;

/**
 * What verifying one finalized invoice found.
 *
 * @param invoiceId the invoice's id; for a record whose invoice is gone, the id the record names
 * @param verdict IDENTICAL, DIFFERENT, or IMPORTED (history before the billing start, which Tally
 *     did not rate and has no record of)
 * @param difference for DIFFERENT: the first difference found
 */
public record VerifiedInvoice(
    String organizationId,
    BillingPeriod period,
    String invoiceId,
    Verdict verdict,
    Optional<Difference> difference) {

  /** The outcome for one invoice. */
  public enum Verdict {
    IDENTICAL,
    DIFFERENT,
    IMPORTED
  }

  /**
   * The first difference: where, what is stored, and what re-rating the record gives (or, for the
   * digest and the chain, what the stored documents hash to).
   *
   * @param path a path into the invoice JSON ({@code invoice_items[0].line_items[1].total.amount}),
   *     {@code rating_record...}, {@code digest} or {@code invoice}
   * @param stored the stored value as JSON text, or {@code nothing}
   * @param rederived the value derived again, as JSON text, or {@code nothing}
   */
  public record Difference(String path, String stored, String rederived) {
    public Difference {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(stored, "stored");
      Objects.requireNonNull(rederived, "rederived");
    }

    @Override
    public String toString() {
      return path + ": stored " + stored + ", re-derived " + rederived;
    }
  }

  static VerifiedInvoice identical(String org, BillingPeriod period, String invoiceId) {
    return new VerifiedInvoice(org, period, invoiceId, Verdict.IDENTICAL, Optional.empty());
  }

  static VerifiedInvoice imported(String org, BillingPeriod period, String invoiceId) {
    return new VerifiedInvoice(org, period, invoiceId, Verdict.IMPORTED, Optional.empty());
  }

  static VerifiedInvoice different(
      String org, BillingPeriod period, String invoiceId, Difference difference) {
    return new VerifiedInvoice(org, period, invoiceId, Verdict.DIFFERENT, Optional.of(difference));
  }
}
