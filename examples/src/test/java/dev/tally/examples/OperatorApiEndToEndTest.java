package dev.tally.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.client.BadRequestException;
import dev.tally.client.TallyClient;
import dev.tally.engine.PriceBookFile;
import dev.tally.model.BillingPeriod;
import dev.tally.model.Currency;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.LineItem;
import dev.tally.model.WireJson;
import dev.tally.model.operator.AdjustmentRequest;
import dev.tally.model.operator.AdjustmentResponse;
import dev.tally.model.operator.CreditGrantRequest;
import dev.tally.model.operator.CreditGrantResponse;
import dev.tally.model.operator.IngestUsageResponse;
import dev.tally.model.operator.PeriodCloseSummary;
import dev.tally.model.operator.PriceBookRevision;
import dev.tally.model.operator.RejectedEvent;
import dev.tally.model.operator.UsageEvent;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.TestServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK's operator API ({@code tally.operator()}) against a real Tally server: each method's
 * answer, and the invoice the Billing API then serves, which must reflect it. Now is the server's
 * default, 2026-11-15T12:00Z; each test has its own organization, so they do not see each other.
 */
class OperatorApiEndToEndTest {

  private static final BillingPeriod OCTOBER = BillingPeriod.of(2026, 10);
  private static final BillingPeriod NOVEMBER = BillingPeriod.of(2026, 11);
  private static final String COMPUTE = "standard.compute";

  private static TestServer server;
  private static String operatorKey;

  @BeforeAll
  static void start() {
    String name = "op" + UUID.randomUUID().toString().replace("-", "");
    server = TestServer.on(DatabaseConfig.inMemory(name));
    operatorKey = server.operatorKey();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** An organization with one cluster, and a client with the operator key and its billing key. */
  private record Org(TestServer.Tenant tenant, TallyClient tally) implements AutoCloseable {

    static Org create() {
      TestServer.Tenant tenant = server.tenant("Op", Instant.parse("2026-01-10T09:00:00Z"), "web");
      return new Org(
          tenant,
          TallyClient.builder()
              .baseUrl("http://127.0.0.1:" + server.port())
              .operatorKey(operatorKey)
              .apiKey(tenant.billingKey())
              .maxRetries(0)
              .build());
    }

    UsageEvent compute(String id, String quantity, String timestamp) {
      String cluster = tenant.clusters().getFirst().id();
      return new UsageEvent(
          id + "-" + tenant.orgId(),
          tenant.orgId(),
          cluster,
          COMPUTE,
          new BigDecimal(quantity),
          Instant.parse(timestamp));
    }

    Invoice invoice(BillingPeriod period) {
      return tally.billing().getInvoice("inv_" + tenant.orgId() + "_" + period).execute();
    }

    @Override
    public void close() {
      tally.close();
    }
  }

  private static LineItem onlyLine(Invoice invoice) {
    List<LineItem> lines =
        invoice.invoiceItems().stream().flatMap(i -> i.lineItems().stream()).toList();
    assertThat(lines).hasSize(1);
    return lines.getFirst();
  }

  private static BigDecimal usd(List<CurrencyAmount> amounts) {
    return amounts.stream()
        .filter(a -> a.currency().is(Currency.USD))
        .map(CurrencyAmount::amount)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void ingestedUsageIsCountedOnceAndRejectedEventsAreNamedByIndex() {
    try (Org org = Org.create()) {
      List<UsageEvent> batch =
          new ArrayList<>(
              List.of(
                  org.compute("a", "10", "2026-11-02T10:00:00Z"),
                  org.compute("b", "15.5", "2026-11-03T10:00:00Z")));
      UsageEvent unknownSku =
          new UsageEvent(
              "c-" + org.tenant().orgId(),
              org.tenant().orgId(),
              org.tenant().clusters().getFirst().id(),
              "no.such.sku",
              BigDecimal.ONE,
              Instant.parse("2026-11-03T10:00:00Z"));
      batch.add(unknownSku);

      IngestUsageResponse first = org.tally().operator().ingestUsage(batch).execute();
      IngestUsageResponse again = org.tally().operator().ingestUsage(batch).execute();

      assertThat(first.accepted()).isEqualTo(2);
      assertThat(first.duplicates()).isZero();
      assertThat(first.rejected())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.index()).isEqualTo(2);
                assertThat(r.eventId()).isEqualTo(unknownSku.eventId());
                assertThat(r.code()).isEqualTo("NOT_FOUND");
                assertThat(r.reason()).contains("no.such.sku");
              });
      assertThat(again.accepted()).isZero();
      assertThat(again.duplicates()).isEqualTo(2);
      assertThat(again.rejected()).extracting(RejectedEvent::index).containsExactly(2);
      LineItem line = onlyLine(org.invoice(NOVEMBER));
      assertThat(line.quantity()).isEqualByComparingTo("25.5");
      assertThat(line.unitCost()).isEqualByComparingTo("0.10");
      assertThat(line.total().amount()).isEqualByComparingTo("2.55");
    }
  }

  @Test
  void aLoadedPriceBookIsANewRevisionOnceAndPricesTheDraft() throws IOException {
    try (Org org = Org.create()) {
      org.tally()
          .operator()
          .ingestUsage(List.of(org.compute("p", "20", "2026-11-02T10:00:00Z")))
          .execute();
      assertThat(onlyLine(org.invoice(NOVEMBER)).total().amount()).isEqualByComparingTo("2.00");
      ObjectNode book =
          (ObjectNode)
              WireJson.mapper().readTree(PriceBookFile.toJson(PriceBookFile.defaultPriceBook()));
      book.withArray("overrides")
          .addObject()
          .put("organization_id", org.tenant().orgId())
          .put("sku", COMPUTE)
          .put("unit_price", "0.05")
          .put("effective_from", "2026-01-01");
      String file = WireJson.mapper().writeValueAsString(book);

      PriceBookRevision loaded = org.tally().operator().loadPriceBook(file).execute();
      PriceBookRevision reloaded = org.tally().operator().loadPriceBook(file).execute();

      assertThat(loaded.revision()).isGreaterThan(1);
      assertThat(reloaded).isEqualTo(loaded);
      LineItem line = onlyLine(org.invoice(NOVEMBER));
      assertThat(line.unitCost()).isEqualByComparingTo("0.05");
      assertThat(line.total().amount()).isEqualByComparingTo("1.00");
    }
  }

  @Test
  void grantedCreditsPayTheDraftAndShowAsAppliedCredits() {
    try (Org org = Org.create()) {
      org.tally()
          .operator()
          .ingestUsage(List.of(org.compute("g", "30", "2026-11-02T10:00:00Z")))
          .execute();
      CreditGrantRequest grant =
          new CreditGrantRequest(
              new BigDecimal("1.00"),
              Instant.parse("2026-11-01T00:00:00Z"),
              Instant.parse("2027-01-01T00:00:00Z"));

      CreditGrantResponse granted =
          org.tally().operator().grantCredits(org.tenant().orgId(), grant).execute();

      assertThat(granted.id()).isNotBlank();
      assertThat(granted.amount()).isEqualByComparingTo("1.00");
      assertThat(granted.startsAt()).isEqualTo(grant.startsAt());
      assertThat(granted.expiresAt()).isEqualTo(grant.expiresAt());
      Invoice draft = org.invoice(NOVEMBER);
      assertThat(usd(draft.totals())).isEqualByComparingTo("2.00"); // 3.00 of compute, 1.00 paid
      assertThat(draft.adjustments())
          .extracting(InvoiceAdjustment::name)
          .contains("Credits applied");
    }
  }

  @Test
  void anAdjustmentIsAddedToItsMonthsInvoice() {
    try (Org org = Org.create()) {
      org.tally()
          .operator()
          .ingestUsage(List.of(org.compute("j", "10", "2026-11-02T10:00:00Z")))
          .execute();
      AdjustmentRequest support =
          new AdjustmentRequest(NOVEMBER, "Premium support", new BigDecimal("100.00"));

      AdjustmentResponse added =
          org.tally().operator().addAdjustment(org.tenant().orgId(), support).execute();

      assertThat(added.name()).isEqualTo("Premium support");
      assertThat(added.amount()).isEqualByComparingTo("100.00");
      Invoice draft = org.invoice(NOVEMBER);
      assertThat(draft.adjustments())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.name()).isEqualTo("Premium support");
                assertThat(a.amount().amount()).isEqualByComparingTo("100.00");
              });
      assertThat(usd(draft.totals())).isEqualByComparingTo("101.00");
    }
  }

  @Test
  void closingAnEndedMonthFinalizesItsInvoicesOnceAndTheRunningMonthCannotClose() {
    try (Org org = Org.create()) {
      org.tally()
          .operator()
          .ingestUsage(List.of(org.compute("o", "40", "2026-10-20T10:00:00Z")))
          .execute();
      assertThat(org.invoice(OCTOBER).status().value()).isEqualTo(InvoiceStatus.DRAFT);

      PeriodCloseSummary closed = org.tally().operator().closePeriod(OCTOBER).execute();
      PeriodCloseSummary again = org.tally().operator().closePeriod(OCTOBER).execute();

      assertThat(closed.period()).isEqualTo(OCTOBER);
      assertThat(closed.closed()).isPositive();
      assertThat(again.closed()).isZero();
      assertThat(again.alreadyClosed()).isEqualTo(closed.closed() + closed.alreadyClosed());
      Invoice october = org.invoice(OCTOBER);
      assertThat(october.status().value()).isEqualTo(InvoiceStatus.FINALIZED);
      assertThat(onlyLine(october).total().amount()).isEqualByComparingTo("4.00");
      IngestUsageResponse late =
          org.tally()
              .operator()
              .ingestUsage(List.of(org.compute("late", "1", "2026-10-21T10:00:00Z")))
              .execute();
      assertThat(late.rejected())
          .extracting(RejectedEvent::code)
          .containsExactly("FAILED_PRECONDITION");
      assertThatThrownBy(() -> org.tally().operator().closePeriod(NOVEMBER).execute())
          .isInstanceOfSatisfying(
              BadRequestException.class,
              e -> assertThat(e.codeName()).isEqualTo("FAILED_PRECONDITION"));
    }
  }
}
