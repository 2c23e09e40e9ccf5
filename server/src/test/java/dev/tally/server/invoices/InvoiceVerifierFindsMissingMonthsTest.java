package dev.tally.server.invoices;

import static dev.tally.server.testing.RatedMonths.AUGUST;
import static dev.tally.server.testing.RatedMonths.OCTOBER;
import static dev.tally.server.testing.RatedMonths.SEPTEMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tally.engine.InvoiceIds;
import dev.tally.model.BillingPeriod;
import dev.tally.model.GrpcCode;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.errors.Failure;
import dev.tally.server.invoices.VerifiedInvoice.Verdict;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.RatedMonths;
import dev.tally.server.testing.TestServer;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
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
 * {@code tally invoices verify} takes what must exist from the closed months, so a month deleted
 * whole is found on its own; and a filter that matches nothing is NOT_FOUND, never a clean run of
 * nothing.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class InvoiceVerifierFindsMissingMonthsTest {

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

  private List<VerifiedInvoice> verify(Optional<String> onlyOrg, Optional<BillingPeriod> month) {
    List<VerifiedInvoice> found = new ArrayList<>();
    server.tally().verifier().verify(onlyOrg, month, found::add);
    return found;
  }

  private void deleteMonth(BillingPeriod month) {
    server.executeBehindTheBack(
        "DELETE FROM invoices WHERE organization_id = ? AND period_start = ?",
        org,
        Timestamp.from(month.start()));
  }

  @Test
  void aClosedMonthWithoutInvoiceOrRecordIsFoundWithAndWithoutAPeriod() {
    deleteMonth(SEPTEMBER);
    String expected =
        "invoice: stored nothing, expected a FINALIZED invoice and its rating record"
            + " (the month is closed)";

    List<VerifiedInvoice> all = verify(Optional.empty(), Optional.empty());
    assertThat(all)
        .extracting(VerifiedInvoice::period, VerifiedInvoice::invoiceId, VerifiedInvoice::verdict)
        .containsExactly(
            tuple(AUGUST, InvoiceIds.monthly(org, AUGUST), Verdict.IDENTICAL),
            tuple(SEPTEMBER, InvoiceIds.monthly(org, SEPTEMBER), Verdict.DIFFERENT),
            tuple(OCTOBER, InvoiceIds.monthly(org, OCTOBER), Verdict.DIFFERENT));
    assertThat(all.get(1).difference().orElseThrow().toString()).isEqualTo(expected);
    // October's digest covers September's, which is gone.
    assertThat(all.get(2).difference().orElseThrow().path()).isEqualTo("digest");

    for (Optional<String> onlyOrg : List.of(Optional.<String>empty(), Optional.of(org))) {
      List<VerifiedInvoice> september = verify(onlyOrg, Optional.of(SEPTEMBER));
      assertThat(september).hasSize(1);
      assertThat(september.getFirst().verdict()).isEqualTo(Verdict.DIFFERENT);
      assertThat(september.getFirst().difference().orElseThrow().toString()).isEqualTo(expected);
    }
  }

  @Test
  void aClosedMonthWithoutItsRecordIsFound() {
    server.executeBehindTheBack(
        "UPDATE invoices SET rating_record = NULL, digest = NULL, price_book_revision = NULL WHERE organization_id = ? AND period_start = ?",
        org,
        java.sql.Timestamp.from(OCTOBER.start()));
    VerifiedInvoice october = verify(Optional.of(org), Optional.of(OCTOBER)).getFirst();
    assertThat(october.difference().orElseThrow().toString())
        .isEqualTo("rating_record: stored nothing, re-derived a rating record");
  }

  @Test
  void aMonthNobodyClosedIsNotFound() {
    // November has not ended, December is in the future, the others are far away.
    for (BillingPeriod month :
        List.of(
            OCTOBER.next(),
            OCTOBER.next().next(),
            BillingPeriod.of(2030, 1),
            BillingPeriod.of(1999, 1),
            BillingPeriod.of(1, 1))) {
      assertThatThrownBy(() -> verify(Optional.empty(), Optional.of(month)))
          .isInstanceOfSatisfying(
              Failure.class, f -> assertThat(f.code()).isEqualTo(GrpcCode.NOT_FOUND))
          .hasMessage(
              "nothing to verify: no organization has closed "
                  + month
                  + " or holds a finalized invoice for it");
      assertThatThrownBy(() -> verify(Optional.of(org), Optional.of(month)))
          .isInstanceOfSatisfying(
              Failure.class, f -> assertThat(f.code()).isEqualTo(GrpcCode.NOT_FOUND))
          .hasMessage(
              "nothing to verify: organization "
                  + org
                  + " has not closed "
                  + month
                  + " and holds no finalized invoice for it");
    }
  }

  @Test
  void anOrganizationWithNothingClosedIsNotFoundButAnEmptyRunWithoutFiltersIsClean() {
    String fresh = server.tenant("Fresh", Instant.parse("2026-11-01T00:00:00Z"), "web").orgId();
    assertThatThrownBy(() -> verify(Optional.of(fresh), Optional.empty()))
        .isInstanceOfSatisfying(
            Failure.class, f -> assertThat(f.code()).isEqualTo(GrpcCode.NOT_FOUND))
        .hasMessage(
            "nothing to verify: organization "
                + fresh
                + " has closed no month and holds no finalized invoice");

    try (TestServer empty = TestServer.on(backend)) {
      var summary = empty.tally().verifier().verify(Optional.empty(), Optional.empty(), r -> {});
      assertThat(summary.checked()).isZero();
    }
  }

  @Test
  void anImportedInvoiceBeforeTheBillingStartIsStillImportedAndMatchesItsPeriod() {
    YearMonth june = YearMonth.of(2026, 6);
    List<dev.tally.model.Cluster> clusters =
        List.copyOf(server.tally().tx().read(db -> db.clusters().byId(org)).values());
    var invoice =
        new TestServer.Tenant(server, org, clusters).invoice(june, InvoiceStatus.FINALIZED);
    List<VerifiedInvoice> found = verify(Optional.empty(), Optional.of(new BillingPeriod(june)));
    assertThat(found)
        .extracting(VerifiedInvoice::invoiceId, VerifiedInvoice::verdict)
        .containsExactly(tuple(invoice.invoiceId(), Verdict.IMPORTED));
  }
}
