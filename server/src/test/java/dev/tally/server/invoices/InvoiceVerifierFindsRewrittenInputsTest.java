package dev.tally.server.invoices;

import static dev.tally.server.testing.RatedMonths.AUGUST;
import static dev.tally.server.testing.RatedMonths.OCTOBER;
import static dev.tally.server.testing.RatedMonths.SEPTEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.engine.DailyUsage;
import dev.tally.engine.InvoiceAssembler;
import dev.tally.engine.RatedInvoice;
import dev.tally.engine.RatingInput;
import dev.tally.engine.RatingRecord;
import dev.tally.model.BillingPeriod;
import dev.tally.model.WireJson;
import dev.tally.server.invoices.VerifiedInvoice.Verdict;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.RatedMonths;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
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
 * {@code tally invoices verify} checks each rating record against the tables it was computed from
 * and later months are rated from: usage_daily, adjustments, credit grants and credit_draws. Each
 * change below is made by SQL behind Tally's back, including a record, invoice and digests
 * rewritten together, which agree with each other and not with the stored usage.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class InvoiceVerifierFindsRewrittenInputsTest {

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

  private VerifiedInvoice verified(BillingPeriod month) {
    List<VerifiedInvoice> found = new ArrayList<>();
    server.tally().verifier().verify(Optional.of(org), Optional.empty(), found::add);
    return found.stream().filter(v -> v.period().equals(month)).findFirst().orElseThrow();
  }

  private String difference(BillingPeriod month) {
    VerifiedInvoice result = verified(month);
    assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.DIFFERENT);
    return result.difference().orElseThrow().toString();
  }

  private RatingRecord record(BillingPeriod month) {
    return RatingRecord.parse(
        server.queryString(
            "SELECT rating_record FROM invoices WHERE organization_id = ? AND period_start = ?",
            org,
            java.sql.Timestamp.from(month.start())));
  }

  @Test
  void untouchedMonthsAgreeWithTheirTables() {
    List<VerifiedInvoice> found = new ArrayList<>();
    var summary = server.tally().verifier().verify(Optional.of(org), Optional.empty(), found::add);
    assertThat(found)
        .extracting(VerifiedInvoice::period)
        .containsExactly(AUGUST, SEPTEMBER, OCTOBER);
    assertThat(summary.identical()).isEqualTo(3);
    // The checks below compare something: the record holds usage, draws and adjustments.
    assertThat(record(SEPTEMBER).usage()).hasSize(40);
    assertThat(record(SEPTEMBER).draws()).isNotEmpty();
    assertThat(record(SEPTEMBER).adjustments()).hasSize(1);
  }

  @Test
  void aChangedDailyUsageSumIsFoundAgainstTheRecord() {
    server.executeBehindTheBack(
        "UPDATE usage_daily SET quantity = quantity + 1000"
            + " WHERE organization_id = ? AND usage_day = ? AND cluster_id = ? AND sku = ?",
        org,
        Date.valueOf("2026-09-01"),
        "alpha",
        "standard.compute");
    assertThat(difference(SEPTEMBER))
        .isEqualTo(
            "usage[cluster=alpha,sku=standard.compute,day=2026-09-01].quantity:"
                + " record 8.25, stored usage 1008.25");
    assertThat(verified(OCTOBER).verdict()).isEqualTo(Verdict.IDENTICAL);
  }

  @Test
  void aDeletedDailyUsageRowIsFound() {
    server.executeBehindTheBack(
        "DELETE FROM usage_daily"
            + " WHERE organization_id = ? AND usage_day = ? AND cluster_id = ? AND sku = ?",
        org,
        Date.valueOf("2026-10-04"),
        "beta",
        "standard.storage");
    assertThat(difference(OCTOBER))
        .isEqualTo(
            "usage[cluster=beta,sku=standard.storage,day=2026-10-04]:"
                + " record 400.5, stored usage nothing");
  }

  /**
   * The stranger's forgery: September's usage raised in the record, the invoice and the record
   * rated again by the engine, and September's and October's digests recomputed with the server's
   * own digest code. Record, invoice and chain agree; usage_daily does not.
   */
  @Test
  void aRecordInvoiceAndDigestsRewrittenTogetherAreFoundThroughTheStoredUsage() throws Exception {
    RatingRecord original = record(SEPTEMBER);
    List<DailyUsage> usage = new ArrayList<>();
    for (RatingRecord.Usage u : original.usage()) {
      boolean forged =
          u.clusterId().equals("alpha")
              && u.sku().equals("standard.compute")
              && u.day().equals(LocalDate.parse("2026-09-01"));
      usage.add(
          new DailyUsage(
              u.clusterId(),
              u.sku(),
              u.day(),
              forged ? u.quantity().add(new BigDecimal("1000")) : u.quantity()));
    }
    RatingInput input = original.input().withUsage(usage);
    RatedInvoice rated = new InvoiceAssembler(original.priceBook()).assemble(input);
    RatingRecord forged =
        RatingRecord.of(original.priceBookRevision(), original.priceBook(), input, rated.credits());
    String forgedRecord = forged.toJson();
    JsonNode forgedInvoice = JSON.valueToTree(rated.invoice());
    assertThat(forgedInvoice.toString()).isNotEqualTo(invoiceBody(SEPTEMBER));
    String august = digest(AUGUST);
    String september = InvoiceSeal.digest(forgedRecord, forgedInvoice, Optional.of(august));
    String october =
        InvoiceSeal.digest(
            recordBody(OCTOBER), JSON.readTree(invoiceBody(OCTOBER)), Optional.of(september));
    server.executeBehindTheBack(
        "UPDATE invoices SET body = ? WHERE organization_id = ? AND period_start = ?",
        JSON.writeValueAsString(forgedInvoice),
        org,
        Timestamp.from(SEPTEMBER.start()));
    server.executeBehindTheBack(
        "UPDATE invoices SET rating_record = ?, digest = ? WHERE organization_id = ? AND period_start = ?",
        forgedRecord.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        september,
        org,
        java.sql.Timestamp.from(SEPTEMBER.start()));
    server.executeBehindTheBack(
        "UPDATE invoices SET digest = ? WHERE organization_id = ? AND period_start = ?",
        october,
        org,
        java.sql.Timestamp.from(OCTOBER.start()));

    // Every check of the record against its invoice and the chain passes: only the usage differs.
    assertThat(difference(SEPTEMBER))
        .isEqualTo(
            "usage[cluster=alpha,sku=standard.compute,day=2026-09-01].quantity:"
                + " record 1008.25, stored usage 8.25");
    assertThat(verified(OCTOBER).verdict()).isEqualTo(Verdict.IDENTICAL);
  }

  @Test
  void deletedCreditDrawsOfAMonthAreFoundAndMoveTheNextMonthsBalance() {
    RatingRecord september = record(SEPTEMBER);
    BigDecimal total =
        september.draws().stream()
            .map(RatingRecord.DrawEntry::amount)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    int deleted =
        server.executeBehindTheBack(
            "DELETE FROM credit_draws WHERE organization_id = ? AND period_start = ?",
            org,
            Date.valueOf(SEPTEMBER.firstDay()));
    assertThat(deleted).isEqualTo(september.draws().size());

    assertThat(difference(SEPTEMBER))
        .isEqualTo(
            "credit_draws: record has "
                + deleted
                + (deleted == 1 ? " draw" : " draws")
                + " totalling "
                + total.stripTrailingZeros().toPlainString()
                + ", stored none");
    // October was rated from the balance September's draws left; the grant now looks unspent.
    assertThat(difference(OCTOBER))
        .startsWith("credits[grant=" + org + "-grant].remaining: record ")
        .endsWith(", stored balance (grant less earlier months' draws) 25");
  }

  @Test
  void aChangedCreditDrawIsFoundWithItsGrantAndDay() {
    RatingRecord.DrawEntry first = record(SEPTEMBER).draws().getFirst();
    server.executeBehindTheBack(
        "UPDATE credit_draws SET amount = amount + 1 WHERE grant_id = ? AND usage_day = ?",
        first.grantId(),
        Date.valueOf(first.day()));
    assertThat(difference(SEPTEMBER))
        .isEqualTo(
            "credit_draws[grant="
                + first.grantId()
                + ",day="
                + first.day()
                + "].amount: record "
                + first.amount().stripTrailingZeros().toPlainString()
                + ", stored draws "
                + first.amount().add(BigDecimal.ONE).stripTrailingZeros().toPlainString());
  }

  @Test
  void aChangedAdjustmentIsFound() {
    server.executeBehindTheBack(
        "UPDATE adjustments SET amount = 6.00 WHERE organization_id = ? AND period_start = ?",
        org,
        Date.valueOf(SEPTEMBER.firstDay()));
    assertThat(difference(SEPTEMBER))
        .isEqualTo("adjustments[0].amount: record 5, stored adjustments 6");
  }

  @Test
  void aDeletedAdjustmentIsFound() {
    server.executeBehindTheBack(
        "DELETE FROM adjustments WHERE organization_id = ? AND period_start = ?",
        org,
        Date.valueOf(OCTOBER.firstDay()));
    assertThat(difference(OCTOBER))
        .isEqualTo(
            "adjustments[0]: record {\"name\":\"Serverless free tier\",\"amount\":-1.5},"
                + " stored adjustments nothing");
    assertThat(verified(SEPTEMBER).verdict()).isEqualTo(Verdict.IDENTICAL);
  }

  @Test
  void aChangedCreditGrantIsFound() {
    server.executeBehindTheBack(
        "UPDATE credit_grants SET amount = 100.00 WHERE organization_id = ?", org);
    assertThat(difference(SEPTEMBER))
        .isEqualTo("credits[grant=" + org + "-grant].amount: record 25, stored grants 100");
  }

  @Test
  void aReopenedMonthIsFound() {
    server.executeBehindTheBack(
        "UPDATE billing_periods SET closed_at = NULL WHERE organization_id = ? AND period_start = ?",
        org,
        Date.valueOf(OCTOBER.firstDay()));
    assertThat(difference(OCTOBER)).isEqualTo("billing_period: stored open, expected closed");
  }

  private String invoiceBody(BillingPeriod month) {
    return server.queryString(
        "SELECT body FROM invoices WHERE organization_id = ? AND period_start = ?",
        org,
        Timestamp.from(month.start()));
  }

  private String recordBody(BillingPeriod month) {
    return server.queryString(
        "SELECT rating_record FROM invoices WHERE organization_id = ? AND period_start = ?",
        org,
        java.sql.Timestamp.from(month.start()));
  }

  private String digest(BillingPeriod month) {
    return server.queryString(
        "SELECT digest FROM invoices WHERE organization_id = ? AND period_start = ?",
        org,
        java.sql.Timestamp.from(month.start()));
  }
}
