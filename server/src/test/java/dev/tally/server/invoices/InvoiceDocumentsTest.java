package dev.tally.server.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.model.BillingPeriod;
import dev.tally.model.GrpcCode;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.OpenEnum;
import dev.tally.server.errors.Failure;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.SampleInvoices;
import dev.tally.server.testing.TestServer;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Saving is idempotent on invoice_id; drafts may change, finalized invoices never do. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class InvoiceDocumentsTest {

  @Parameter Backend backend;
  private static TestServer server;
  private static TestServer.Tenant tenant;
  private static TestServer.Tenant other;

  @BeforeParameterizedClassInvocation
  static void start(Backend backend) {
    server = TestServer.on(backend);
    tenant = server.tenant("Store", Instant.parse("2026-01-01T00:00:00Z"), "a", "b");
    other = server.tenant("Other", Instant.parse("2026-01-01T00:00:00Z"), "z");
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    server.close();
  }

  private InvoiceDocuments.Outcome save(String organizationId, Invoice invoice) {
    return server.write(db -> db.invoices().save(organizationId, invoice));
  }

  private java.util.Optional<Invoice> find(String organizationId, String invoiceId) {
    return server.write(db -> db.invoices().find(organizationId, invoiceId));
  }

  private Invoice sample(String id, YearMonth month, InvoiceStatus status, long seed) {
    return SampleInvoices.forMonth(id, month, status, tenant.clusters(), seed);
  }

  @Test
  void savingTheSameInvoiceTwiceChangesNothing() {
    Invoice invoice = sample("same-twice", YearMonth.of(2026, 2), InvoiceStatus.FINALIZED, 1);
    assertThat(save(tenant.orgId(), invoice)).isEqualTo(InvoiceDocuments.Outcome.CREATED);
    assertThat(save(tenant.orgId(), invoice)).isEqualTo(InvoiceDocuments.Outcome.UNCHANGED);
    assertThat(find(tenant.orgId(), "same-twice")).contains(invoice);
  }

  @Test
  void aDraftMayBeReplacedAndThenFinalizedButNeverChangedAfter() {
    assertThat(
            save(
                tenant.orgId(), sample("lifecycle", YearMonth.of(2026, 3), InvoiceStatus.DRAFT, 1)))
        .isEqualTo(InvoiceDocuments.Outcome.CREATED);
    assertThat(
            save(
                tenant.orgId(), sample("lifecycle", YearMonth.of(2026, 3), InvoiceStatus.DRAFT, 2)))
        .isEqualTo(InvoiceDocuments.Outcome.UPDATED);
    Invoice finalized = sample("lifecycle", YearMonth.of(2026, 3), InvoiceStatus.FINALIZED, 2);
    assertThat(save(tenant.orgId(), finalized)).isEqualTo(InvoiceDocuments.Outcome.UPDATED);
    assertThatThrownBy(
            () ->
                save(
                    tenant.orgId(),
                    sample("lifecycle", YearMonth.of(2026, 3), InvoiceStatus.FINALIZED, 3)))
        .isInstanceOfSatisfying(
            Failure.class, f -> assertThat(f.code()).isEqualTo(GrpcCode.FAILED_PRECONDITION));
    assertThatThrownBy(
            () ->
                save(
                    tenant.orgId(),
                    sample("lifecycle", YearMonth.of(2026, 3), InvoiceStatus.DRAFT, 2)))
        .isInstanceOf(Failure.class);
    assertThat(find(tenant.orgId(), "lifecycle")).contains(finalized);
  }

  @Test
  void anIdUsedByAnotherOrganizationIsRefusedAndStaysInvisible() {
    save(
        other.orgId(),
        SampleInvoices.forMonth(
            "taken", YearMonth.of(2026, 4), InvoiceStatus.FINALIZED, other.clusters(), 1));
    assertThatThrownBy(
            () ->
                save(
                    tenant.orgId(),
                    sample("taken", YearMonth.of(2026, 4), InvoiceStatus.FINALIZED, 1)))
        .isInstanceOfSatisfying(
            Failure.class, f -> assertThat(f.code()).isEqualTo(GrpcCode.ALREADY_EXISTS));
    assertThat(find(tenant.orgId(), "taken")).isEmpty();
  }

  @Test
  void oneInvoicePerOrganizationAndPeriod() {
    save(tenant.orgId(), sample("may-1", YearMonth.of(2026, 5), InvoiceStatus.FINALIZED, 1));
    assertThatThrownBy(
            () ->
                save(
                    tenant.orgId(),
                    sample("may-2", YearMonth.of(2026, 5), InvoiceStatus.FINALIZED, 1)))
        .hasMessageContaining("already has an invoice for the period");
  }

  @Test
  void aRatedInvoiceIsRefusedWhereItsIdOrMonthIsTaken() {
    save(
        other.orgId(),
        SampleInvoices.forMonth(
            "rated-taken", YearMonth.of(2026, 7), InvoiceStatus.FINALIZED, other.clusters(), 1));
    save(tenant.orgId(), sample("july", YearMonth.of(2026, 8), InvoiceStatus.FINALIZED, 1));
    for (Invoice taken :
        List.of(
            sample("rated-taken", YearMonth.of(2026, 7), InvoiceStatus.FINALIZED, 2),
            sample("august-2", YearMonth.of(2026, 8), InvoiceStatus.FINALIZED, 2))) {
      assertThatThrownBy(
              () ->
                  server.write(
                      db -> {
                        db.invoices().insertFinalized(tenant.orgId(), taken, keptWith(taken));
                        return null;
                      }))
          .isInstanceOfSatisfying(
              Failure.class, f -> assertThat(f.code()).isEqualTo(GrpcCode.ALREADY_EXISTS));
    }
    Invoice fresh = sample("rated-new", YearMonth.of(2026, 9), InvoiceStatus.FINALIZED, 3);
    server.write(
        db -> {
          db.invoices().insertFinalized(tenant.orgId(), fresh, keptWith(fresh));
          return null;
        });
    assertThat(find(tenant.orgId(), "rated-new")).contains(fresh);
    assertThat(find(other.orgId(), "rated-taken")).isPresent();
  }

  @Test
  void aRatedInvoiceKeepsItsRecordAndDigestInItsRowAndAnImportedOneHasNone() {
    Invoice rated = sample("rated-kept", YearMonth.of(2027, 5), InvoiceStatus.FINALIZED, 3);
    Invoice imported = sample("imported", YearMonth.of(2027, 4), InvoiceStatus.FINALIZED, 1);
    save(tenant.orgId(), imported);
    StoredRating kept = keptWith(rated);
    server.write(
        db -> {
          db.invoices().insertFinalized(tenant.orgId(), rated, kept);
          return null;
        });
    BillingPeriod may = new BillingPeriod(YearMonth.of(2027, 5));
    BillingPeriod april = new BillingPeriod(YearMonth.of(2027, 4));
    server.write(
        db -> {
          assertThat(db.invoices().ratingRecord(tenant.orgId(), may)).contains(kept);
          assertThat(db.invoices().ratingRecords(tenant.orgId())).containsExactly(kept);
          assertThat(db.invoices().digest(tenant.orgId(), may)).contains(kept.digest());
          assertThat(db.invoices().ratingRecord(tenant.orgId(), april)).isEmpty();
          assertThat(db.invoices().digest(tenant.orgId(), april)).isEmpty();
          assertThat(db.invoices().digests(may, tenant.orgId(), tenant.orgId()))
              .containsExactly(java.util.Map.entry(tenant.orgId(), kept.digest()));
          // Another organization's record is never read through this one.
          assertThat(db.invoices().ratingRecord(other.orgId(), may)).isEmpty();
          return null;
        });
  }

  /** A record and digest as the close would keep them; their contents are not checked here. */
  private StoredRating keptWith(Invoice invoice) {
    return new StoredRating(
        tenant.orgId(),
        BillingPeriod.containing(invoice.periodStart()),
        invoice.invoiceId(),
        7,
        "{\"format\":1,\"invoice_id\":\"" + invoice.invoiceId() + "\"}",
        "ab".repeat(32));
  }

  @Test
  void invoicesAreCheckedBeforeTheyAreStored() {
    Invoice good = sample("checked", YearMonth.of(2026, 6), InvoiceStatus.FINALIZED, 1);
    Invoice unknownStatus =
        new Invoice(
            good.invoiceId(),
            good.periodStart(),
            good.periodEnd(),
            OpenEnum.parse(InvoiceStatus.class, "PAID"),
            good.totals(),
            good.balances(),
            good.adjustments(),
            good.invoiceItems(),
            List.of());
    assertThatThrownBy(() -> save(tenant.orgId(), unknownStatus))
        .hasMessageContaining("status must be");
    Invoice twoMonths =
        new Invoice(
            good.invoiceId(),
            good.periodStart(),
            good.periodEnd().plusSeconds(86400 * 30L),
            good.status(),
            good.totals(),
            good.balances(),
            good.adjustments(),
            good.invoiceItems(),
            List.of());
    assertThatThrownBy(() -> save(tenant.orgId(), twoMonths))
        .hasMessageContaining("one calendar month");
    assertThat(find(tenant.orgId(), "checked")).isEmpty();
  }

  @Test
  void itemsAreStoredSortedByClusterName() {
    Invoice invoice = sample("sorted", YearMonth.of(2026, 7), InvoiceStatus.FINALIZED, 1);
    Invoice reversed =
        new Invoice(
            invoice.invoiceId(),
            invoice.periodStart(),
            invoice.periodEnd(),
            invoice.status(),
            invoice.totals(),
            invoice.balances(),
            invoice.adjustments(),
            invoice.invoiceItems().reversed(),
            List.of());
    save(tenant.orgId(), reversed);
    assertThat(find(tenant.orgId(), "sorted").orElseThrow().invoiceItems())
        .extracting(i -> i.cluster().name())
        .containsExactly("a", "b");
  }

  @Test
  void aFinalizedInvoiceStoredWithLabelsInAnotherOrderIsTheSameInvoice() {
    Invoice invoice = sample("label-order", YearMonth.of(2026, 6), InvoiceStatus.FINALIZED, 7);
    assertThat(save(tenant.orgId(), invoice)).isEqualTo(InvoiceDocuments.Outcome.CREATED);
    // As a JVM whose map order differs wrote it before documents were canonical: "env" before "a".
    int changed =
        server.executeBehindTheBack(
            "UPDATE invoices SET body = REPLACE(body, ?, ?) WHERE id = ?",
            "\"labels\":{\"env\":\"test\"}",
            "\"labels\":{\"env\":\"test\",\"a\":\"1\"}",
            "label-order");
    assertThat(changed).isOne();
    Invoice reordered =
        server.write(db -> db.invoices().find(tenant.orgId(), "label-order")).orElseThrow();
    assertThat(reordered.invoiceItems().getFirst().cluster().labels()).containsEntry("a", "1");

    assertThat(save(tenant.orgId(), reordered)).isEqualTo(InvoiceDocuments.Outcome.UNCHANGED);
    String served = server.get("/api/v1/invoices/label-order", tenant.billingKey()).body();
    assertThat(served).contains("\"labels\":{\"a\":\"1\",\"env\":\"test\"}");
  }
}
