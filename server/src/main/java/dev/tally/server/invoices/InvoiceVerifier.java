package dev.tally.server.invoices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.engine.InvoiceAssembler;
import dev.tally.engine.InvoiceIds;
import dev.tally.engine.RatedInvoice;
import dev.tally.engine.RatingRecord;
import dev.tally.model.BillingPeriod;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.WireJson;
import dev.tally.server.errors.Failure;
import dev.tally.server.invoices.InvoiceDocuments.StoredDocument;
import dev.tally.server.invoices.VerifiedInvoice.Difference;
import dev.tally.server.orgs.Organization;
import dev.tally.server.store.Transaction;
import dev.tally.server.store.Transactor;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Re-rates finalized invoices from their rating records with the current engine and compares
 * (docs/billing-model.md, "Verifying"). What must exist is every month the organization closed
 * ({@code billing_periods}), every finalized invoice and every record. For each such month, in this
 * order, the first of:
 *
 * <ol>
 *   <li>the record or the invoice is missing, or both for a closed month (an invoice of a month
 *       before the organization's billing start was imported, has no record and is IMPORTED, not
 *       different);
 *   <li>the record is unreadable, or filed under another organization, month or invoice id;
 *   <li>the invoice rated again from the record differs from the stored invoice JSON (the first
 *       differing field);
 *   <li>the credit draws rated again differ from the record's;
 *   <li>the stored digest is not the digest of the stored record, the stored invoice and the
 *       previous month's stored digest (this catches any change to the stored texts, and a month
 *       removed or swapped in the chain);
 *   <li>the record disagrees with the tables it was computed from and later months are rated from
 *       ({@link StoredInputs}: usage, adjustments, credit balances, credit draws), which catches a
 *       record, invoice and digests rewritten together, and a change of those tables alone;
 *   <li>the month is not closed in {@code billing_periods}.
 * </ol>
 *
 * <p>Works one page of organizations at a time (one read transaction each), and reads one
 * organization's credits and adjustments and one month's usage at a time, so memory stays bounded
 * by a page's invoices whatever the size of the database.
 */
public final class InvoiceVerifier {

  /** Organizations read per transaction. */
  static final int PAGE = 100;

  private static final ObjectMapper JSON = WireJson.mapper();

  private final Transactor tx;

  public InvoiceVerifier(Transactor tx) {
    this.tx = tx;
  }

  /**
   * What one run found.
   *
   * @param checked invoices checked (records without an invoice count too)
   * @param elapsed wall time of the run
   */
  public record Summary(
      long checked, long identical, long different, long imported, Duration elapsed) {

    /** Invoices per second, over the run. */
    public double perSecond() {
      double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
      return checked / seconds;
    }
  }

  /**
   * How many finalized invoices a run with these filters will check, for a progress bar (records
   * whose invoice is missing come on top).
   */
  public long countToCheck(Optional<String> organizationId, Optional<BillingPeriod> period) {
    return tx.read(
        db -> db.invoices().countFinalized(organizationId, period.map(BillingPeriod::start)));
  }

  /**
   * Verifies the finalized invoices and closed months of one organization (every one when empty)
   * and one month (every one when empty), handing each result to {@code each} as it is found,
   * organization by organization (by id), month by month. Without filters, a database with nothing
   * closed or finalized verifies nothing and that is a success.
   *
   * @throws Failure NOT_FOUND for an unknown organization, and when a filter matches nothing: no
   *     organization (or not the one named) has closed that month or holds an invoice for it, so a
   *     mistyped or still open month is never taken for a clean one
   */
  public Summary verify(
      Optional<String> organizationId,
      Optional<BillingPeriod> period,
      Consumer<VerifiedInvoice> each) {
    long started = System.nanoTime();
    long[] counts = new long[3];
    Consumer<VerifiedInvoice> counting =
        result -> {
          counts[result.verdict().ordinal()]++;
          each.accept(result);
        };
    if (organizationId.isPresent()) {
      List<List<VerifiedInvoice>> found =
          tx.read(
              db -> List.of(verify(db, db.organizations().require(organizationId.get()), period)));
      found.get(0).forEach(counting);
    } else {
      String after = "";
      while (true) {
        String from = after;
        List<Organization> page = tx.read(db -> db.organizations().page(from, PAGE));
        if (page.isEmpty()) {
          break;
        }
        List<List<VerifiedInvoice>> results =
            tx.read(
                db -> {
                  List<List<VerifiedInvoice>> perOrg = new ArrayList<>();
                  for (Organization org : page) {
                    perOrg.add(verify(db, org, period));
                  }
                  return perOrg;
                });
        results.forEach(list -> list.forEach(counting));
        after = page.get(page.size() - 1).id();
      }
    }
    long checked = counts[0] + counts[1] + counts[2];
    if (checked == 0 && (organizationId.isPresent() || period.isPresent())) {
      throw Failure.notFound(nothingMatches(organizationId, period));
    }
    return new Summary(
        checked,
        counts[VerifiedInvoice.Verdict.IDENTICAL.ordinal()],
        counts[VerifiedInvoice.Verdict.DIFFERENT.ordinal()],
        counts[VerifiedInvoice.Verdict.IMPORTED.ordinal()],
        Duration.ofNanos(System.nanoTime() - started));
  }

  private static String nothingMatches(
      Optional<String> organizationId, Optional<BillingPeriod> period) {
    if (organizationId.isEmpty()) {
      return "nothing to verify: no organization has closed "
          + period.orElseThrow()
          + " or holds a finalized invoice for it";
    }
    return "nothing to verify: organization "
        + organizationId.get()
        + period
            .map(p -> " has not closed " + p + " and holds no finalized invoice for it")
            .orElse(" has closed no month and holds no finalized invoice");
  }

  private List<VerifiedInvoice> verify(
      Transaction db, Organization org, Optional<BillingPeriod> only) throws SQLException {
    Map<BillingPeriod, StoredDocument> invoices = new TreeMap<>(BY_MONTH);
    for (StoredDocument doc : db.invoices().finalizedDocuments(org.id())) {
      invoices.put(BillingPeriod.containing(doc.periodStart()), doc);
    }
    Map<BillingPeriod, StoredRating> records = new TreeMap<>(BY_MONTH);
    for (StoredRating record : db.invoices().ratingRecords(org.id())) {
      records.put(record.period(), record);
    }
    // What must exist: every month the organization closed has an invoice and a record, whatever
    // is left of them (a month deleted whole is found here, not only by the next month's digest).
    Set<BillingPeriod> closed = new TreeSet<>(BY_MONTH);
    closed.addAll(db.billingPeriods().closedMonths(org.id()));
    TreeSet<BillingPeriod> months = new TreeSet<>(BY_MONTH);
    months.addAll(invoices.keySet());
    months.addAll(records.keySet());
    months.addAll(closed);
    List<VerifiedInvoice> results = new ArrayList<>();
    // Read when the first record gets that far: an organization of imported history needs none.
    StoredInputs[] stored = new StoredInputs[1];
    for (BillingPeriod month : months) {
      if (only.isPresent() && !only.get().equals(month)) {
        continue;
      }
      if (!invoices.containsKey(month)) {
        // Not finalized is not missing: say what is stored.
        Optional<String> status = db.invoices().statusForPeriod(org.id(), month.start());
        if (status.isPresent()) {
          results.add(
              VerifiedInvoice.different(
                  org.id(),
                  month,
                  InvoiceIds.monthly(org.id(), month),
                  new Difference(
                      "invoice.status",
                      quoted(status.get()),
                      quoted(InvoiceStatus.FINALIZED.name()),
                      "stored",
                      "expected")));
          continue;
        }
      }
      Optional<String> previous =
          Optional.ofNullable(records.get(new BillingPeriod(month.month().minusMonths(1))))
              .map(StoredRating::digest);
      results.add(
          verifyOne(
              org,
              month,
              Optional.ofNullable(invoices.get(month)),
              Optional.ofNullable(records.get(month)),
              previous,
              record -> {
                if (stored[0] == null) {
                  try {
                    stored[0] = StoredInputs.of(db, org.id());
                  } catch (IllegalArgumentException e) {
                    return Optional.of(StoredInputs.unreadable(e));
                  }
                }
                Optional<Difference> found = stored[0].firstDifference(record);
                if (found.isEmpty() && !closed.contains(month)) {
                  return Optional.of(
                      new Difference("billing_period", "open", "closed", "stored", "expected"));
                }
                return found;
              }));
    }
    return results;
  }

  /** The checks of a record against what is stored beside it, once it agrees with its invoice. */
  @FunctionalInterface
  interface StoredCheck {
    Optional<Difference> firstDifference(RatingRecord record) throws SQLException;
  }

  private static final java.util.Comparator<BillingPeriod> BY_MONTH =
      java.util.Comparator.comparing(BillingPeriod::month);

  static VerifiedInvoice verifyOne(
      Organization org,
      BillingPeriod month,
      Optional<StoredDocument> invoice,
      Optional<StoredRating> stored,
      Optional<String> previousDigest,
      StoredCheck againstTables)
      throws SQLException {
    String orgId = org.id();
    if (stored.isEmpty() && invoice.isEmpty()) {
      // Only a closed month is listed with neither.
      return VerifiedInvoice.different(
          orgId,
          month,
          InvoiceIds.monthly(orgId, month),
          new Difference(
              "invoice",
              "nothing",
              "a FINALIZED invoice and its rating record (the month is closed)",
              "stored",
              "expected"));
    }
    if (stored.isEmpty()) {
      String id = invoice.orElseThrow().invoiceId();
      if (month.month().isBefore(org.billingStart())) {
        return VerifiedInvoice.imported(orgId, month, id);
      }
      return VerifiedInvoice.different(
          orgId, month, id, new Difference("rating_record", "nothing", "a rating record"));
    }
    StoredRating rating = stored.get();
    if (invoice.isEmpty()) {
      return VerifiedInvoice.different(
          orgId,
          month,
          rating.invoiceId(),
          new Difference("invoice", "nothing", "a FINALIZED invoice " + rating.invoiceId()));
    }
    StoredDocument document = invoice.get();
    String id = document.invoiceId();
    JsonNode storedInvoice;
    try {
      storedInvoice = JSON.readTree(document.body());
    } catch (JsonProcessingException e) {
      return VerifiedInvoice.different(
          orgId, month, id, new Difference("invoice", "not JSON", "an invoice"));
    }
    RatingRecord record;
    try {
      record = RatingRecord.parse(rating.body());
    } catch (IllegalArgumentException e) {
      return VerifiedInvoice.different(
          orgId, month, id, new Difference("rating_record", "unreadable", "a rating record"));
    }
    Optional<Difference> filing = filing(record, rating, document);
    if (filing.isPresent()) {
      return VerifiedInvoice.different(orgId, month, id, filing.get());
    }
    RatedInvoice again;
    try {
      again = new InvoiceAssembler(record.priceBook()).assemble(record.input());
    } catch (RuntimeException e) {
      return VerifiedInvoice.different(
          orgId,
          month,
          id,
          new Difference("rating_record", "cannot be rated: " + e.getMessage(), "an invoice"));
    }
    Optional<Difference> invoiceDifference =
        FirstDifference.find(storedInvoice, JSON.valueToTree(again.invoice()))
            .map(
                d ->
                    new Difference(
                        d.path().isEmpty() ? "invoice" : d.path(), d.stored(), d.other()));
    if (invoiceDifference.isPresent()) {
      return VerifiedInvoice.different(orgId, month, id, invoiceDifference.get());
    }
    Optional<Difference> draws =
        FirstDifference.find(
                JSON.valueToTree(record.draws()),
                JSON.valueToTree(
                    RatingRecord.of(0, record.priceBook(), record.input(), again.credits())
                        .draws()))
            .map(d -> new Difference("rating_record.draws" + d.path(), d.stored(), d.other()));
    if (draws.isPresent()) {
      return VerifiedInvoice.different(orgId, month, id, draws.get());
    }
    String digest;
    try {
      digest = InvoiceSeal.digest(rating.body(), storedInvoice, previousDigest);
    } catch (IllegalArgumentException e) {
      return VerifiedInvoice.different(
          orgId, month, id, new Difference("digest", rating.digest(), "none: " + e.getMessage()));
    }
    if (!digest.equals(rating.digest())) {
      return VerifiedInvoice.different(
          orgId,
          month,
          id,
          new Difference(
              "digest", rating.digest().isEmpty() ? "nothing" : rating.digest(), digest));
    }
    Optional<Difference> tables = againstTables.firstDifference(record);
    if (tables.isPresent()) {
      return VerifiedInvoice.different(orgId, month, id, tables.get());
    }
    return VerifiedInvoice.identical(orgId, month, id);
  }

  private static Optional<Difference> filing(
      RatingRecord record, StoredRating rating, StoredDocument document) {
    if (!record.organizationId().equals(rating.organizationId())) {
      return Optional.of(
          new Difference(
              "rating_record.organization_id",
              quoted(record.organizationId()),
              quoted(rating.organizationId())));
    }
    if (!record.period().equals(rating.period().toString())) {
      return Optional.of(
          new Difference(
              "rating_record.period", quoted(record.period()), quoted(rating.period().toString())));
    }
    if (record.priceBookRevision() != rating.priceBookRevision()) {
      return Optional.of(
          new Difference(
              "rating_record.price_book_revision",
              Integer.toString(record.priceBookRevision()),
              Integer.toString(rating.priceBookRevision()),
              "record",
              "stored column"));
    }
    if (!record.invoiceId().equals(document.invoiceId())) {
      return Optional.of(
          new Difference(
              "rating_record.invoice_id",
              quoted(record.invoiceId()),
              quoted(document.invoiceId())));
    }
    return Optional.empty();
  }

  private static String quoted(String text) {
    return JSON.getNodeFactory().textNode(text).toString();
  }
}
