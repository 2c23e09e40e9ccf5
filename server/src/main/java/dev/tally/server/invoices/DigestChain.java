package dev.tally.server.invoices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.BillingPeriod;
import dev.tally.model.WireJson;
import dev.tally.server.errors.Failure;
import dev.tally.server.invoices.InvoiceDocuments.StoredDocument;
import dev.tally.server.store.Transaction;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An invoice's digest derived again from what is stored now (docs/billing-model.md, "The digest"):
 * its record and its invoice JSON, chained to the digest derived again, in the same way, for the
 * organization's previous month, and so on back to its first rated month. Provenance serves this
 * one, not the stored digest column: a digest a customer kept then no longer matches once anything
 * it covers has changed, however the stored digests were rewritten to match.
 */
final class DigestChain {

  private static final ObjectMapper JSON = WireJson.mapper();

  private DigestChain() {}

  /**
   * The digest of the organization's invoice of {@code month} over what is stored, chained as the
   * close chained it: to the previous month's, if that month has a record.
   *
   * @throws Failure FAILED_PRECONDITION when a month of the chain has a record but no finalized
   *     invoice, or a record or invoice that cannot be digested: what {@code tally invoices verify}
   *     reports in full
   */
  static String derive(Transaction db, String organizationId, BillingPeriod month)
      throws SQLException {
    Map<BillingPeriod, String> invoices = new HashMap<>();
    for (StoredDocument doc : db.invoices().finalizedDocuments(organizationId)) {
      invoices.put(BillingPeriod.containing(doc.periodStart()), doc.body());
    }
    Optional<String> previous = Optional.empty();
    BillingPeriod previousMonth = null;
    for (StoredRating rating : db.invoices().ratingRecords(organizationId)) {
      if (rating.period().month().isAfter(month.month())) {
        break;
      }
      boolean chained = previousMonth != null && previousMonth.next().equals(rating.period());
      String invoice = invoices.get(rating.period());
      if (invoice == null) {
        throw damaged(
            organizationId, rating.period(), "has a rating record but no finalized invoice");
      }
      try {
        previous =
            Optional.of(
                InvoiceSeal.digest(
                    rating.body(), JSON.readTree(invoice), chained ? previous : Optional.empty()));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        // Not JSON, or a number too long for the canonical encoding (CanonicalJson.MAX_DIGITS).
        throw damaged(
            organizationId,
            rating.period(),
            "has a rating record or invoice that cannot be digested (" + e.getMessage() + ")");
      }
      previousMonth = rating.period();
    }
    if (!month.equals(previousMonth)) {
      throw damaged(organizationId, month, "has no rating record");
    }
    return previous.orElseThrow();
  }

  private static Failure damaged(String organizationId, BillingPeriod month, String what) {
    return Failure.failedPrecondition(
        "the digest cannot be derived: organization "
            + organizationId
            + "'s month "
            + month
            + " "
            + what
            + "; tally invoices verify reports what is wrong");
  }
}
