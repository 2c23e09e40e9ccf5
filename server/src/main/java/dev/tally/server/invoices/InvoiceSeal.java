package dev.tally.server.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.engine.CreditLedger;
import dev.tally.engine.InvoiceDigest;
import dev.tally.engine.RatingInput;
import dev.tally.engine.RatingRecord;
import dev.tally.model.BillingPeriod;
import dev.tally.model.CanonicalJson;
import dev.tally.model.Invoice;
import dev.tally.model.WireJson;
import dev.tally.server.prices.PriceBookRevision;
import dev.tally.server.store.Transaction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Makes a finalized invoice's rating record and digest (docs/billing-model.md, "The rating record",
 * "The digest"), in the transaction that finalizes it, to be stored in the invoice's row. The
 * digest covers the record, the invoice as stored, and the digest of the organization's previous
 * month, if that month has a record: the months of an organization form a chain.
 */
final class InvoiceSeal {

  private static final ObjectMapper JSON = WireJson.mapper();

  private InvoiceSeal() {}

  /**
   * The rating record of an invoice the close is finalizing, and its digest, for {@link
   * InvoiceDocuments#insertFinalized} to store in the invoice's row.
   *
   * @param credits the credit draws rating made
   * @param invoice the invoice as it will be stored ({@link InvoiceRules#check} returned it)
   * @param readAhead the previous month's digests read before the transaction; a month it does not
   *     know is looked up in the transaction
   */
  static StoredRating seal(
      Transaction db,
      PriceBookRevision book,
      RatingInput input,
      CreditLedger credits,
      Invoice invoice,
      PreviousDigests readAhead)
      throws SQLException {
    RatingRecord record = RatingRecord.of(book.revision(), book.book(), input, credits);
    // Canonical bytes straight from the objects: two trees built to be walked once were most of
    // what the record cost the close. The record is stored as its canonical bytes, so they are
    // written once; the digest is the one verify derives from the stored text
    // (RatingRecordAndProvenancePropertiesTest).
    byte[] canonicalRecord = CanonicalJson.bytesOf(record);
    BillingPeriod before = new BillingPeriod(input.period().month().minusMonths(1));
    Optional<String> previous = readAhead.digest(input.organizationId(), before);
    if (previous.isEmpty()) {
      previous = db.invoices().digest(input.organizationId(), before);
    }
    return new StoredRating(
        input.organizationId(),
        input.period(),
        invoice.invoiceId(),
        book.revision(),
        new String(canonicalRecord, StandardCharsets.UTF_8),
        InvoiceDigest.ofCanonical(canonicalRecord, CanonicalJson.bytesOf(invoice), previous));
  }

  /** The digest of a stored record's text and an invoice's JSON, chained to {@code previous}. */
  static String digest(String recordBody, JsonNode invoice, Optional<String> previous) {
    try {
      return InvoiceDigest.of(JSON.readTree(recordBody), invoice, previous);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("the rating record is not JSON", e);
    }
  }
}
