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
   * digest and the chain, what the stored documents hash to; for the record against the tables it
   * was computed from, what those tables hold).
   *
   * @param path a path into the invoice JSON ({@code invoice_items[0].line_items[1].total.amount}),
   *     {@code rating_record...}, {@code digest}, {@code invoice}, or a path into the record
   *     checked against a table ({@code usage[cluster=c,sku=s,day=2026-10-01].quantity}, {@code
   *     credit_draws...}, {@code adjustments[0].amount}, {@code credits[grant=g].remaining}, {@code
   *     billing_period})
   * @param stored the stored value (for a check against a table: the record's) as JSON text, a
   *     phrase, or {@code nothing}
   * @param rederived the value derived again (for a check against a table: the table's), as JSON
   *     text, a phrase, or {@code nothing}
   * @param storedAs what {@code stored} is, as printed: {@code stored}, {@code record}
   * @param rederivedAs what {@code rederived} is, as printed: {@code re-derived}, {@code expected},
   *     {@code stored usage}, ...
   */
  public record Difference(
      String path, String stored, String rederived, String storedAs, String rederivedAs) {
    public Difference {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(stored, "stored");
      Objects.requireNonNull(rederived, "rederived");
      Objects.requireNonNull(storedAs, "storedAs");
      Objects.requireNonNull(rederivedAs, "rederivedAs");
    }

    /** A stored value against the one derived again. */
    public Difference(String path, String stored, String rederived) {
      this(path, stored, rederived, "stored", "re-derived");
    }

    /** What the record says against what {@code table} (its owner's rows) holds now. */
    static Difference againstTable(String path, String inRecord, String table, String inTable) {
      return new Difference(path, inRecord, inTable, "record", "stored " + table);
    }

    @Override
    public String toString() {
      return path + ": " + storedAs + " " + stored + ", " + rederivedAs + " " + rederived;
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
