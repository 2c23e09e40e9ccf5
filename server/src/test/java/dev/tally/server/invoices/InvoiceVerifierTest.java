package dev.tally.server.invoices;

import static dev.tally.server.testing.RatedMonths.OCTOBER;
import static dev.tally.server.testing.RatedMonths.SEPTEMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.engine.InvoiceDigest;
import dev.tally.engine.InvoiceIds;
import dev.tally.model.BillingPeriod;
import dev.tally.model.WireJson;
import dev.tally.server.demo.DemoOrganization;
import dev.tally.server.invoices.VerifiedInvoice.Verdict;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.RatedMonths;
import dev.tally.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code tally invoices verify}: clean on untouched data; each change made behind Tally's back (by
 * SQL) is found, with the first difference, and the stored digest no longer matches.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class InvoiceVerifierTest {

  private static final ObjectMapper JSON = WireJson.mapper();

  @Parameter Backend backend;
  private TestServer server;
  private String org;

  @BeforeEach
  void start() {
    server = TestServer.on(backend);
    org = RatedMonths.seed(server, "org-" + UUID.randomUUID(), List.of("alpha", "beta"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private List<VerifiedInvoice> verify() {
    List<VerifiedInvoice> found = new ArrayList<>();
    server.tally().verifier().verify(Optional.of(org), Optional.empty(), found::add);
    return found;
  }

  private VerifiedInvoice verified(BillingPeriod month) {
    return verify().stream().filter(v -> v.period().equals(month)).findFirst().orElseThrow();
  }

  private String invoiceBody(BillingPeriod month) {
    return server.queryString(
        "SELECT body FROM invoices WHERE organization_id = ? AND period_start = ?",
        org,
        java.sql.Timestamp.from(month.start()));
  }

  private String recordBody(BillingPeriod month) {
    return server.queryString(
        "SELECT rating_record FROM invoices WHERE organization_id = ? AND period_start = ?",
        org,
        java.sql.Timestamp.from(month.start()));
  }

  private String storedDigest(BillingPeriod month) {
    return server.queryString(
        "SELECT digest FROM invoices WHERE organization_id = ? AND period_start = ?",
        org,
        java.sql.Timestamp.from(month.start()));
  }

  /** The record's three columns in the month's invoice row: its bytes, digest and revision. */
  private List<Object> keptRecord(BillingPeriod month) {
    return List.of(
        recordBody(month).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        storedDigest(month),
        Integer.valueOf(
            server.queryString(
                "SELECT price_book_revision FROM invoices WHERE organization_id = ? AND period_start = ?",
                org,
                java.sql.Timestamp.from(month.start()))));
  }

  /** The digest of what is stored now, chained as the close chained it. */
  private String digestOfStored(BillingPeriod month, Optional<String> previous) throws Exception {
    return InvoiceDigest.of(
        JSON.readTree(recordBody(month)), JSON.readTree(invoiceBody(month)), previous);
  }

  @Test
  void everyFinalizedMonthVerifiesAndTheRecordHoldsItsInputs() throws Exception {
    List<VerifiedInvoice> results = verify();
    assertThat(results)
        .extracting(VerifiedInvoice::period, VerifiedInvoice::verdict)
        .containsExactly(
            tuple(RatedMonths.AUGUST, Verdict.IDENTICAL),
            tuple(SEPTEMBER, Verdict.IDENTICAL),
            tuple(OCTOBER, Verdict.IDENTICAL));
    var record = JSON.readTree(recordBody(SEPTEMBER));
    assertThat(record.get("usage").size()).isEqualTo(40); // 10 days x 2 clusters x 2 SKUs
    assertThat(record.get("overrides").toString()).contains("0.0003");
    assertThat(record.get("prices").toString()).contains("0.12");
    assertThat(record.get("draws").size()).isPositive();
    assertThat(record.get("adjustments").toString()).contains("Premium support");
    assertThat(record.get("credits").get(0).get("remaining").decimalValue())
        .isEqualByComparingTo("25.00");
    assertThat(record.get("clusters").size()).isEqualTo(2);
    // The chain: September's digest covers August's.
    assertThat(storedDigest(SEPTEMBER))
        .isEqualTo(digestOfStored(SEPTEMBER, Optional.of(storedDigest(RatedMonths.AUGUST))));
  }

  @Test
  void aFinalizedInvoiceSetBackToDraftIsNamedByItsStatusNotCalledMissing() {
    server.executeBehindTheBack(
        "UPDATE invoices SET status = 'DRAFT' WHERE organization_id = ? AND period_start = ?",
        org,
        java.sql.Timestamp.from(SEPTEMBER.start()));
    VerifiedInvoice september = verified(SEPTEMBER);
    assertThat(september.verdict()).isEqualTo(Verdict.DIFFERENT);
    assertThat(september.difference().orElseThrow())
        .hasToString("invoice.status: stored \"DRAFT\", expected \"FINALIZED\"");
  }

  @Test
  void aRecordsRevisionColumnThatDisagreesWithItsBodyIsFound() {
    server.executeBehindTheBack(
        "UPDATE invoices SET price_book_revision = price_book_revision + 7"
            + " WHERE organization_id = ? AND period_start = ?",
        org,
        java.sql.Timestamp.from(SEPTEMBER.start()));
    VerifiedInvoice september = verified(SEPTEMBER);
    assertThat(september.verdict()).isEqualTo(Verdict.DIFFERENT);
    assertThat(september.difference().orElseThrow().path())
        .isEqualTo("rating_record.price_book_revision");
  }

  @Test
  void aReformattedButEqualInvoiceStillVerifies() throws Exception {
    String pretty =
        JSON.writerWithDefaultPrettyPrinter()
            .writeValueAsString(JSON.readTree(invoiceBody(SEPTEMBER)));
    server.executeBehindTheBack(
        "UPDATE invoices SET body = ? WHERE organization_id = ? AND period_start = ?",
        pretty,
        org,
        java.sql.Timestamp.from(SEPTEMBER.start()));
    assertThat(verified(SEPTEMBER).verdict()).isEqualTo(Verdict.IDENTICAL);
  }

  @Test
  void aChangedLineTotalIsFoundWithItsPathAndBothValues() throws Exception {
    String original = raiseFirstLineTotalByOne(SEPTEMBER, 1).toPlainString();

    VerifiedInvoice september = verified(SEPTEMBER);
    assertThat(september.verdict()).isEqualTo(Verdict.DIFFERENT);
    var difference = september.difference().orElseThrow();
    assertThat(difference.path()).isEqualTo("invoice_items[1].line_items[0].total.amount");
    assertThat(new java.math.BigDecimal(difference.rederived())).isEqualByComparingTo(original);
    assertThat(new java.math.BigDecimal(difference.stored()))
        .isEqualByComparingTo(new java.math.BigDecimal(original).add(java.math.BigDecimal.ONE));
    assertThat(digestOfStored(SEPTEMBER, Optional.of(storedDigest(RatedMonths.AUGUST))))
        .isNotEqualTo(storedDigest(SEPTEMBER));
    assertThat(verified(OCTOBER).verdict()).isEqualTo(Verdict.IDENTICAL);
  }

  /**
   * Adds 1 to the total of the first line of the month's invoice item {@code item}, behind Tally's
   * back, and returns the total it had.
   */
  private java.math.BigDecimal raiseFirstLineTotalByOne(BillingPeriod month, int item)
      throws Exception {
    ObjectNode invoice = (ObjectNode) JSON.readTree(invoiceBody(month));
    ObjectNode total =
        (ObjectNode) invoice.get("invoice_items").get(item).get("line_items").get(0).get("total");
    java.math.BigDecimal original = total.get("amount").decimalValue();
    total.put("amount", original.add(java.math.BigDecimal.ONE));
    server.executeBehindTheBack(
        "UPDATE invoices SET body = ? WHERE organization_id = ? AND period_start = ?",
        JSON.writeValueAsString(invoice),
        org,
        java.sql.Timestamp.from(month.start()));
    return original;
  }

  private dev.tally.model.provenance.InvoiceProvenance provenance(BillingPeriod month) {
    return server
        .tally()
        .invoices()
        .provenance(org, InvoiceIds.monthly(org, month), server.clock().instant())
        .orElseThrow();
  }

  @Test
  void provenanceServesTheDigestOfWhatIsStoredNowSoAKeptDigestShowsAChange() throws Exception {
    String september = storedDigest(SEPTEMBER);
    String october = storedDigest(OCTOBER);
    assertThat(provenance(SEPTEMBER).digest()).isEqualTo(september);
    assertThat(provenance(OCTOBER).digest()).isEqualTo(october);

    // A line total changed behind Tally's back, the stored digests left as they were: the record
    // still rates to the old invoice, so only the digest can tell a customer.
    raiseFirstLineTotalByOne(SEPTEMBER, 0);

    assertThat(storedDigest(SEPTEMBER)).isEqualTo(september);
    assertThat(provenance(SEPTEMBER).digest()).isNotEqualTo(september);
    // The latest digest a customer kept vouches for the months before it.
    assertThat(provenance(OCTOBER).digest()).isNotEqualTo(october);
  }

  @Test
  void provenanceOfADamagedOrErasedRecordSaysWhatIsWrongInsteadOfFailing() {
    server.executeBehindTheBack(
        "UPDATE invoices SET rating_record = ? WHERE organization_id = ? AND period_start = ?",
        "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        org,
        java.sql.Timestamp.from(SEPTEMBER.start()));
    assertThatThrownBy(() -> provenance(SEPTEMBER))
        .isInstanceOfSatisfying(
            dev.tally.server.errors.Failure.class,
            f -> {
              assertThat(f.code()).isEqualTo(dev.tally.model.GrpcCode.FAILED_PRECONDITION);
              assertThat(f.getMessage()).contains("cannot be read or rated");
            });
    server.executeBehindTheBack(
        "UPDATE invoices SET rating_record = NULL, digest = NULL, price_book_revision = NULL"
            + " WHERE organization_id = ? AND period_start = ?",
        org,
        java.sql.Timestamp.from(OCTOBER.start()));
    assertThatThrownBy(() -> provenance(OCTOBER))
        .hasMessageContaining("was rated by Tally but its rating record is missing");
  }

  @Test
  void aChangedQuantityInTheRecordIsFound() throws Exception {
    ObjectNode record = (ObjectNode) JSON.readTree(recordBody(SEPTEMBER));
    ObjectNode usage = (ObjectNode) record.get("usage").get(0);
    usage.put("quantity", usage.get("quantity").decimalValue().add(java.math.BigDecimal.TEN));
    server.executeBehindTheBack(
        "UPDATE invoices SET rating_record = ? WHERE organization_id = ? AND period_start = ?",
        JSON.writeValueAsBytes(record),
        org,
        java.sql.Timestamp.from(SEPTEMBER.start()));

    VerifiedInvoice september = verified(SEPTEMBER);
    assertThat(september.verdict()).isEqualTo(Verdict.DIFFERENT);
    assertThat(september.difference().orElseThrow().path()).contains("quantity");
    assertThat(digestOfStored(SEPTEMBER, Optional.of(storedDigest(RatedMonths.AUGUST))))
        .isNotEqualTo(storedDigest(SEPTEMBER));
  }

  @Test
  void aChangedDigestIsFound() {
    server.executeBehindTheBack(
        "UPDATE invoices SET digest = ? WHERE organization_id = ? AND period_start = ?",
        "0".repeat(64),
        org,
        java.sql.Timestamp.from(OCTOBER.start()));
    var difference = verified(OCTOBER).difference().orElseThrow();
    assertThat(difference.path()).isEqualTo("digest");
    assertThat(difference.stored()).isEqualTo("0".repeat(64));
  }

  @Test
  void differencesShowNumbersPlainlyAndAnErasedDigestAsNothing() {
    server.executeBehindTheBack(
        "UPDATE invoices SET digest = NULL WHERE organization_id = ? AND period_start = ?",
        org,
        java.sql.Timestamp.from(OCTOBER.start()));
    assertThat(verified(OCTOBER).difference().orElseThrow().stored()).isEqualTo("nothing");
    assertThat(FirstDifference.json(new java.math.BigDecimal("1E+2"))).isEqualTo("100");
    assertThat(FirstDifference.json(java.util.Map.of("amount", new java.math.BigDecimal("2.5E+2"))))
        .isEqualTo("{\"amount\":250}");
  }

  @Test
  void aDeletedRecordIsFoundAndBreaksTheChain() {
    server.executeBehindTheBack(
        "UPDATE invoices SET rating_record = NULL, digest = NULL, price_book_revision = NULL WHERE organization_id = ? AND period_start = ?",
        org,
        java.sql.Timestamp.from(SEPTEMBER.start()));
    VerifiedInvoice september = verified(SEPTEMBER);
    assertThat(september.verdict()).isEqualTo(Verdict.DIFFERENT);
    assertThat(september.difference().orElseThrow().path()).isEqualTo("rating_record");
    assertThat(september.difference().orElseThrow().stored()).isEqualTo("nothing");
    // October's digest covers September's, which is gone.
    assertThat(verified(OCTOBER).difference().orElseThrow().path()).isEqualTo("digest");
  }

  @Test
  void aReorderedMonthIsFound() {
    // Swap September's and October's records between their invoices' rows.
    List<Object> september = keptRecord(SEPTEMBER);
    List<Object> october = keptRecord(OCTOBER);
    String sql =
        "UPDATE invoices SET rating_record = ?, digest = ?, price_book_revision = ?"
            + " WHERE organization_id = ? AND period_start = ?";
    server.executeBehindTheBack(
        sql,
        october.get(0),
        october.get(1),
        october.get(2),
        org,
        java.sql.Timestamp.from(SEPTEMBER.start()));
    server.executeBehindTheBack(
        sql,
        september.get(0),
        september.get(1),
        september.get(2),
        org,
        java.sql.Timestamp.from(OCTOBER.start()));

    assertThat(verified(SEPTEMBER).difference().orElseThrow().path())
        .isEqualTo("rating_record.period");
    assertThat(verified(OCTOBER).difference().orElseThrow().toString())
        .isEqualTo("rating_record.period: stored \"2026-09\", re-derived \"2026-10\"");
  }

  @Test
  void aWholeMonthRemovedBreaksTheNextMonthsDigest() {
    server.executeBehindTheBack(
        "DELETE FROM invoices WHERE organization_id = ? AND period_start = ?",
        org,
        java.sql.Timestamp.from(SEPTEMBER.start()));
    // September is closed, so it is missed on its own too (InvoiceVerifierFindsMissingMonthsTest).
    assertThat(verified(SEPTEMBER).difference().orElseThrow().path()).isEqualTo("invoice");
    assertThat(verified(OCTOBER).difference().orElseThrow().path()).isEqualTo("digest");
  }

  @Test
  void theDemoVerifiesClean() {
    DemoOrganization.seed(server.tally());
    List<VerifiedInvoice> results = new ArrayList<>();
    var summary =
        server
            .tally()
            .verifier()
            .verify(Optional.of(DemoOrganization.ORGANIZATION_ID), Optional.empty(), results::add);
    assertThat(results)
        .hasSize(12)
        .allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.IDENTICAL));
    assertThat(summary.different()).isZero();
    // Every organization at once, a page at a time; and one month only.
    var all = server.tally().verifier().verify(Optional.empty(), Optional.empty(), r -> {});
    assertThat(all.checked()).isEqualTo(12 + 3);
    assertThat(all.identical()).isEqualTo(all.checked());
    assertThat(server.tally().verifier().countToCheck(Optional.empty(), Optional.empty()))
        .isEqualTo(15);
    var october = server.tally().verifier().verify(Optional.empty(), Optional.of(OCTOBER), r -> {});
    assertThat(october.checked()).isEqualTo(2);
  }
}
