package dev.tally.server.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.BillingPeriod;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.WireJson;
import dev.tally.model.operator.IngestUsageResponse;
import dev.tally.server.Tally;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.MutableClock;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two server instances share one database and race: both close the same month for many
 * organizations while usage for that month keeps arriving. Each month closes exactly once, credits
 * are drawn once, and every event acknowledged as accepted is on the finalized invoice.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class ConcurrentCloseTest {

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final BillingPeriod SEPTEMBER = new BillingPeriod(YearMonth.of(2026, 9));
  private static final int ORGS = 12;

  @Parameter Backend backend;

  @Test
  void twoInstancesCloseEachMonthExactlyOnceAndLoseNoAcknowledgedEvent() throws Exception {
    DatabaseConfig database = backend.freshDatabase();
    try (TestServer first = TestServer.on(database);
        Tally second = Tally.open(database, new MutableClock(TestServer.DEFAULT_NOW))) {
      List<TestServer.Tenant> tenants = new ArrayList<>();
      for (int i = 0; i < ORGS; i++) {
        TestServer.Tenant t = first.tenant("Race " + i, Instant.parse("2026-08-01T00:00:00Z"), "c");
        first.write(
            db ->
                db.creditGrants()
                    .grant(
                        t.orgId(),
                        new BigDecimal("3.00"),
                        Instant.parse("2026-09-01T00:00:00Z"),
                        Instant.parse("2027-01-01T00:00:00Z"),
                        first.clock().instant()));
        tenants.add(t);
      }
      // Accepted September usage, as seen by the senders: the ground truth.
      AtomicInteger[] accepted = new AtomicInteger[ORGS];
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < ORGS; i++) {
        accepted[i] = new AtomicInteger();
        int org = i;
        Tally instance = i % 2 == 0 ? first.tally() : second;
        work.add(
            pool.submit(
                () -> {
                  for (int n = 0; n < 40; n++) {
                    TestServer.Tenant t = tenants.get(org);
                    JsonNode event =
                        JSON.valueToTree(
                            Map.of(
                                "event_id",
                                t.orgId() + "-" + n,
                                "organization_id",
                                t.orgId(),
                                "cluster_id",
                                t.clusters().get(0).id(),
                                "sku",
                                "standard.compute",
                                "quantity",
                                "10",
                                "timestamp",
                                "2026-09-15T00:00:00Z"));
                    IngestUsageResponse result = instance.ingestion().ingest(List.of(event));
                    accepted[org].addAndGet(result.accepted());
                    if (!result.rejected().isEmpty()) {
                      assertThat(result.rejected().get(0).code()).isEqualTo("FAILED_PRECONDITION");
                    }
                  }
                  return null;
                }));
      }
      List<Future<PeriodClose.Summary>> closes = new ArrayList<>();
      for (Tally instance : List.of(first.tally(), second, first.tally(), second)) {
        closes.add(
            pool.submit(
                (Callable<PeriodClose.Summary>) () -> instance.periodClose().closeAll(SEPTEMBER)));
      }
      for (Future<?> f : work) {
        f.get();
      }
      int closedCount = 0;
      for (Future<PeriodClose.Summary> f : closes) {
        closedCount += f.get().closed();
      }
      pool.shutdown();
      closedCount += first.tally().periodClose().closeAll(SEPTEMBER).closed();
      assertThat(closedCount)
          .as("each organization's September closed exactly once")
          .isEqualTo(ORGS);

      for (int i = 0; i < ORGS; i++) {
        TestServer.Tenant t = tenants.get(i);
        assertThat(
                first.queryLong(
                    "SELECT COUNT(*) FROM invoices WHERE organization_id = '"
                        + t.orgId()
                        + "' AND period_start = TIMESTAMP WITH TIME ZONE '2026-09-01 00:00:00+00'"))
            .isEqualTo(1);
        Invoice september =
            first
                .tally()
                .invoices()
                .find(
                    t.orgId(),
                    dev.tally.engine.InvoiceIds.monthly(t.orgId(), SEPTEMBER),
                    first.clock().instant())
                .orElseThrow();
        assertThat(september.status().value()).isEqualTo(InvoiceStatus.FINALIZED);
        BigDecimal onInvoice =
            september.invoiceItems().stream()
                .flatMap(item -> item.lineItems().stream())
                .map(line -> line.quantity())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(onInvoice)
            .as("acknowledged usage of %s", t.orgId())
            .isEqualByComparingTo(BigDecimal.valueOf(accepted[i].get() * 10L));
        assertThat(
                first.queryLong(
                    "SELECT COUNT(*) FROM credit_draws WHERE organization_id = '"
                        + t.orgId()
                        + "'"))
            .isLessThanOrEqualTo(1);
        long drawnCents =
            first.queryLong(
                "SELECT COALESCE(SUM(amount * 100), 0) FROM credit_draws WHERE organization_id = '"
                    + t.orgId()
                    + "'");
        assertThat(drawnCents).isLessThanOrEqualTo(300);
      }
    }
  }
}
