package dev.tally.server.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.engine.InvoiceIds;
import dev.tally.engine.PriceBookFile;
import dev.tally.model.BillingPeriod;
import dev.tally.model.Currency;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.WireJson;
import dev.tally.server.errors.Failure;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Closing a month: computed, finalized once, never changed after; credits carried in order. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class PeriodCloseTest {

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final BillingPeriod SEPTEMBER = new BillingPeriod(YearMonth.of(2026, 9));
  private static final BillingPeriod OCTOBER = new BillingPeriod(YearMonth.of(2026, 10));

  @Parameter Backend backend;
  private TestServer server;
  private TestServer.Tenant tenant;
  private String key;

  @BeforeEach
  void start() {
    server = TestServer.on(backend);
    tenant = server.tenant("Closer", Instant.parse("2026-08-20T00:00:00Z"), "alpha", "beta");
    key = tenant.billingKey();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void use(String id, int cluster, String sku, String quantity, String at) {
    JsonNode event =
        JSON.valueToTree(
            Map.of(
                "event_id",
                tenant.orgId() + "-" + id,
                "organization_id",
                tenant.orgId(),
                "cluster_id",
                tenant.clusters().get(cluster).id(),
                "sku",
                sku,
                "quantity",
                quantity,
                "timestamp",
                at));
    assertThat(server.tally().ingestion().ingest(List.of(event)).accepted()).isEqualTo(1);
  }

  private Invoice invoice(BillingPeriod period) throws Exception {
    var response =
        server.get("/api/v1/invoices/" + InvoiceIds.monthly(tenant.orgId(), period), key);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readValue(response.body(), Invoice.class);
  }

  private static BigDecimal total(Invoice invoice, Currency currency) {
    return invoice.totals().stream()
        .filter(t -> t.currency().is(currency))
        .map(CurrencyAmount::amount)
        .findFirst()
        .orElse(BigDecimal.ZERO);
  }

  @Test
  void closingFinalizesTheComputedInvoiceExactlyOnce() throws Exception {
    use("a", 0, "standard.compute", "100", "2026-09-05T00:00:00Z");
    Invoice draft = invoice(SEPTEMBER);
    assertThat(draft.status().raw()).isEqualTo("DRAFT");

    assertThat(server.tally().periodClose().closeAll(SEPTEMBER).closed()).isEqualTo(1);
    Invoice closed = invoice(SEPTEMBER);
    assertThat(closed.status().raw()).isEqualTo("FINALIZED");
    assertThat(total(closed, Currency.USD))
        .isEqualByComparingTo(total(draft, Currency.USD))
        .isEqualByComparingTo("10.00"); // 100 vCPU-hours at 0.10

    PeriodClose.Summary again = server.tally().periodClose().closeAll(SEPTEMBER);
    assertThat(again.closed()).isZero();
    assertThat(
            server.queryLong(
                "SELECT COUNT(*) FROM invoices WHERE organization_id = '" + tenant.orgId() + "'"))
        .isEqualTo(2); // August (no usage) and September
  }

  @Test
  void aClosedMonthsEventIdsAreForgottenInChunksAndOnlyThatMonths() throws Exception {
    int events = PeriodClose.FORGET_CHUNK + 1_234;
    List<JsonNode> batch = new java.util.ArrayList<>();
    for (int i = 0; i < events; i++) {
      batch.add(event("forget-" + i, "2026-09-1" + (i % 10) + "T00:00:00Z"));
    }
    for (int from = 0; from < events; from += 1_000) {
      server.tally().ingestion().ingest(batch.subList(from, Math.min(events, from + 1_000)));
    }
    // October's ids sort among September's, before, between and after the chunks' bounds: the
    // close reads on from where each chunk stopped, and must neither stop nor forget them.
    List<JsonNode> october = new java.util.ArrayList<>();
    for (int i = 0; i <= events; i += 997) {
      october.add(event("forget-" + i + "-october", "2026-10-02T00:00:00Z"));
    }
    october.add(event("0-first", "2026-10-02T00:00:00Z"));
    october.add(event("kept", "2026-10-02T00:00:00Z"));
    assertThat(server.tally().ingestion().ingest(october).accepted()).isEqualTo(october.size());
    String rows =
        "SELECT COUNT(*) FROM usage_events WHERE organization_id = '" + tenant.orgId() + "'";
    assertThat(server.queryLong(rows)).isEqualTo(events + october.size());

    server.tally().periodClose().closeAll(SEPTEMBER);

    assertThat(server.queryLong(rows)).as("only October's ids are left").isEqualTo(october.size());
    // A forgotten id of the closed month is still never counted again: the month rejects it.
    var replay = server.tally().ingestion().ingest(batch.subList(0, 1));
    assertThat(replay.accepted()).isZero();
    assertThat(replay.rejected()).hasSize(1);
  }

  /** One unit of compute on the first cluster, with {@code eventId} as it is (not prefixed). */
  private JsonNode event(String eventId, String at) {
    return JSON.valueToTree(
        Map.of(
            "event_id",
            eventId,
            "organization_id",
            tenant.orgId(),
            "cluster_id",
            tenant.clusters().get(0).id(),
            "sku",
            "standard.compute",
            "quantity",
            "1",
            "timestamp",
            at));
  }

  @Test
  void aFinalizedInvoiceNeverChangesThroughPricesUsageOrReruns() throws Exception {
    use("a", 0, "standard.compute", "100", "2026-09-05T00:00:00Z");
    server.tally().periodClose().closeAll(SEPTEMBER);
    String before =
        server.get("/api/v1/invoices/" + InvoiceIds.monthly(tenant.orgId(), SEPTEMBER), key).body();

    String doubled;
    try (var in = PriceBookFile.class.getResourceAsStream(PriceBookFile.DEFAULT_RESOURCE)) {
      doubled =
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .replace(
                  "\"unit_price\": \"0.10\", \"effective_from\": \"2025-07-01\"",
                  "\"unit_price\": \"0.20\", \"effective_from\": \"2025-07-01\"");
    }
    assertThat(doubled).contains("\"0.20\"");
    assertThat(server.tally().priceBooks().load(doubled).revision()).isGreaterThan(1);
    assertThatThrownBy(
            () ->
                server.write(
                    db ->
                        db.adjustments()
                            .add(
                                tenant.orgId(),
                                SEPTEMBER,
                                "late fee",
                                new BigDecimal("5"),
                                server.clock().instant())))
        .isInstanceOf(Failure.class)
        .hasMessageContaining("closed");
    server.tally().periodClose().closeAll(SEPTEMBER);

    assertThat(
            server
                .get("/api/v1/invoices/" + InvoiceIds.monthly(tenant.orgId(), SEPTEMBER), key)
                .body())
        .isEqualTo(before);
    // ...while an open month's draft follows the new price at once.
    use("b", 0, "standard.compute", "100", "2026-10-05T00:00:00Z");
    assertThat(total(invoice(OCTOBER), Currency.USD)).isEqualByComparingTo("20.00");
  }

  @Test
  void creditsCarryOverFromAFinalizedMonthToTheNextDraft() throws Exception {
    server.write(
        db ->
            db.creditGrants()
                .grant(
                    tenant.orgId(),
                    new BigDecimal("15.00"),
                    Instant.parse("2026-09-01T00:00:00Z"),
                    Instant.parse("2027-01-01T00:00:00Z"),
                    server.clock().instant()));
    use("sep", 0, "standard.compute", "100", "2026-09-05T00:00:00Z"); // 10.00
    use("oct", 0, "standard.compute", "100", "2026-10-05T00:00:00Z"); // 10.00

    Invoice septemberDraft = invoice(SEPTEMBER);
    Invoice octoberDraft = invoice(OCTOBER);
    assertThat(total(septemberDraft, Currency.CRDB_CLOUD_CREDITS)).isEqualByComparingTo("10.00");
    assertThat(total(octoberDraft, Currency.CRDB_CLOUD_CREDITS))
        .as("drafts share credits in order")
        .isEqualByComparingTo("5.00");

    server.tally().periodClose().closeAll(SEPTEMBER);
    Invoice september = invoice(SEPTEMBER);
    assertThat(total(september, Currency.USD)).isEqualByComparingTo("0.00");
    assertThat(september.balances())
        .singleElement()
        .satisfies(b -> assertThat(b.amount()).isEqualByComparingTo("5.00"));
    Invoice october = invoice(OCTOBER);
    assertThat(total(october, Currency.CRDB_CLOUD_CREDITS)).isEqualByComparingTo("5.00");
    assertThat(total(october, Currency.USD)).isEqualByComparingTo("5.00");
    assertThat(
            server.queryLong(
                "SELECT COUNT(*) FROM credit_draws WHERE organization_id = '"
                    + tenant.orgId()
                    + "'"))
        .isPositive();
  }

  @Test
  void aRenamedClusterShowsItsNameAtClose() throws Exception {
    use("a", 1, "standard.storage", "1000", "2026-09-05T00:00:00Z");
    assertThat(invoice(SEPTEMBER).invoiceItems().get(0).cluster().name()).isEqualTo("beta");
    server.write(
        db -> db.clusters().rename(tenant.orgId(), tenant.clusters().get(1).id(), "gamma"));
    server.tally().periodClose().closeAll(SEPTEMBER);
    assertThat(invoice(SEPTEMBER).invoiceItems().get(0).cluster().name()).isEqualTo("gamma");
  }

  @Test
  void adjustmentsAppearOnTheMonthTheyWereAddedTo() throws Exception {
    use("a", 0, "standard.compute", "100", "2026-09-05T00:00:00Z");
    server.write(
        db ->
            db.adjustments()
                .add(
                    tenant.orgId(),
                    SEPTEMBER,
                    "Premium support",
                    new BigDecimal("100.00"),
                    server.clock().instant()));
    server.write(
        db ->
            db.adjustments()
                .add(
                    tenant.orgId(),
                    SEPTEMBER,
                    "Serverless free tier",
                    new BigDecimal("-15.00"),
                    server.clock().instant()));
    server.tally().periodClose().closeAll(SEPTEMBER);
    Invoice september = invoice(SEPTEMBER);
    assertThat(september.adjustments())
        .extracting(a -> a.name())
        .contains("Premium support", "Serverless free tier");
    assertThat(total(september, Currency.USD)).isEqualByComparingTo("95.00");
  }

  @Test
  void theSchedulerClosesAMonthOnlyAfterItsGracePeriod() throws Exception {
    use("a", 0, "standard.compute", "1", "2026-09-30T23:00:00Z");
    CloseScheduler scheduler =
        new CloseScheduler(
            server.tally().periodClose(),
            server.clock(),
            Duration.ofHours(24),
            Duration.ofMinutes(1));
    server.clock().set(Instant.parse("2026-10-01T20:00:00Z"));
    scheduler.closeDue();
    // Usage that arrives within the grace period still counts for September.
    use("late-but-in-grace", 0, "standard.compute", "1", "2026-09-30T23:30:00Z");
    assertThat(invoice(SEPTEMBER).status().raw()).isEqualTo("DRAFT");

    server.clock().set(Instant.parse("2026-10-02T00:00:01Z"));
    assertThat(scheduler.closeDue().closed()).isEqualTo(1);
    Invoice september = invoice(SEPTEMBER);
    assertThat(september.status().raw()).isEqualTo("FINALIZED");
    assertThat(september.invoiceItems().get(0).lineItems().get(0).quantity())
        .isEqualByComparingTo("2");
  }

  @Test
  void aMonthThatHasNotEndedCannotBeClosed() {
    server.clock().set(Instant.parse("2026-09-30T23:59:59Z"));
    assertThatThrownBy(() -> server.tally().periodClose().closeAll(SEPTEMBER))
        .hasMessageContaining("has not ended");
  }

  @Test
  void theSchedulerLeavesABackfilledOrganizationsPastMonthsOpenForOneGracePeriod()
      throws Exception {
    server.clock().set(Instant.parse("2026-11-10T09:00:00Z"));
    java.time.Instant created = server.clock().instant();
    String org = "backfill-" + java.util.UUID.randomUUID();
    server.write(
        db -> db.organizations().create(org, "Backfill", created, java.time.YearMonth.of(2026, 6)));
    CloseScheduler scheduler =
        new CloseScheduler(
            server.tally().periodClose(),
            server.clock(),
            Duration.ofHours(24),
            Duration.ofMinutes(1));

    scheduler.closeDue();
    java.util.Optional<java.time.YearMonth> closed =
        server.write(db -> db.billingPeriods().lastClosed(org));
    assertThat(closed).as("June to October stay open").isEmpty();

    server.clock().set(created.plus(Duration.ofHours(24)).plusSeconds(1));
    scheduler.closeDue();
    closed = server.write(db -> db.billingPeriods().lastClosed(org));
    assertThat(closed).contains(java.time.YearMonth.of(2026, 10));
  }

  @Test
  void importingAFinalizedInvoiceAsTheApiServesItChangesNothing() throws Exception {
    use("a", 0, "standard.compute", "3", "2026-09-10T00:00:00Z");
    server.tally().periodClose().closeAll(SEPTEMBER);
    String key = tenant.billingKey();
    for (String id :
        java.util.List.of(
            dev.tally.engine.InvoiceIds.monthly(tenant.orgId(), SEPTEMBER),
            dev.tally.engine.InvoiceIds.monthly(
                tenant.orgId(),
                new dev.tally.model.BillingPeriod(java.time.YearMonth.of(2026, 8))))) {
      String served = server.get("/api/v1/invoices/" + id, key).body();
      java.util.List<Invoice> parsed =
          new InvoiceImport(dev.tally.model.WireJson.mapper()).parse(served);
      InvoiceDocuments.Outcome outcome =
          server.write(db -> db.invoices().save(tenant.orgId(), parsed.getFirst()));
      assertThat(outcome).as(served).isEqualTo(InvoiceDocuments.Outcome.UNCHANGED);
    }
  }

  @Test
  void aMonthWhoseUsageTheBookInForceCannotPriceIsAClearRefusalNeverA500() throws Exception {
    use("a", 0, "standard.compute", "3", "2026-09-10T00:00:00Z");
    // As a race the loader cannot see could leave it: a book without the SKU, stored behind its
    // back.
    var book = dev.tally.engine.PriceBookFile.defaultPriceBook();
    var unpriced =
        new dev.tally.engine.PriceBook(
            book.prices().stream().filter(p -> !p.sku().equals("standard.compute")).toList(),
            book.overrides());
    server.write(db -> db.priceBooks().append(unpriced, server.clock().instant()));

    var answer =
        server.get(
            "/api/v1/invoices/" + dev.tally.engine.InvoiceIds.monthly(tenant.orgId(), SEPTEMBER),
            tenant.billingKey());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(answer.body())
        .contains("\"code\":9")
        .contains("cannot be rated")
        .contains("standard.compute");
    assertThatThrownBy(() -> server.tally().periodClose().closeAll(SEPTEMBER))
        .hasMessageContaining("cannot be rated");
  }
}
