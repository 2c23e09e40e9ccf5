package dev.tally.server.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.BillingPeriod;
import dev.tally.model.Invoice;
import dev.tally.model.WireJson;
import dev.tally.model.operator.IngestUsageResponse;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Through the real ingestion path and database: however a multiset of events is ordered, split into
 * batches and redelivered, the stored usage and the draft invoice are the same as ingesting each
 * event once.
 */
class IngestionPropertiesTest {

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final String[] SKUS = {
    "standard.compute", "standard.storage", "basic.request_units"
  };
  private static TestServer server;
  private static final AtomicInteger tenants = new AtomicInteger();

  @BeforeAll
  static void start() {
    server = TestServer.on(DatabaseConfig.inMemory("props" + System.nanoTime()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** An event shape: cluster index, SKU index, day of November, quantity in thousandths. */
  record Shape(int cluster, int sku, int day, long milli) {}

  private static Gen<Shape> shapes() {
    return integers()
        .between(0, 2)
        .zip(
            integers().between(0, SKUS.length - 1),
            integers().between(1, 14),
            longs().between(0, 5_000_000),
            (c, s, d, q) -> new Shape(c, s, d, q));
  }

  private static List<JsonNode> events(TestServer.Tenant t, List<Shape> shapes) {
    List<JsonNode> events = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      Shape s = shapes.get(i);
      events.add(
          JSON.valueToTree(
              Map.of(
                  "event_id",
                  t.orgId() + "-" + i,
                  "organization_id",
                  t.orgId(),
                  "cluster_id",
                  t.clusters().get(s.cluster()).id(),
                  "sku",
                  SKUS[s.sku()],
                  "quantity",
                  BigDecimal.valueOf(s.milli(), 3).toPlainString(),
                  "timestamp",
                  String.format("2026-11-%02dT%02d:00:00Z", s.day(), i % 24))));
    }
    return events;
  }

  private static Invoice draft(TestServer.Tenant t) {
    return server
        .tally()
        .invoices()
        .find(
            t.orgId(),
            dev.tally.engine.InvoiceIds.monthly(
                t.orgId(), BillingPeriod.containing(server.clock().instant())),
            server.clock().instant())
        .orElseThrow();
  }

  private static TestServer.Tenant tenant() {
    return server.tenant(
        "P" + tenants.incrementAndGet(), Instant.parse("2026-10-01T00:00:00Z"), "a", "b", "c");
  }

  @Test
  void orderBatchingAndRedeliveryNeverChangeTheInvoice() {
    qt().withExamples(25)
        .withShrinkCycles(20)
        .forAll(lists().of(shapes()).ofSizeBetween(1, 60), longs().all())
        .checkAssert(
            (shapes, seed) -> {
              TestServer.Tenant once = tenant();
              List<JsonNode> inOrder = events(once, shapes);
              IngestUsageResponse single = server.tally().ingestion().ingest(inOrder);
              assertThat(single.accepted()).isEqualTo(shapes.size());

              TestServer.Tenant shuffled = tenant();
              List<JsonNode> deliveries = new ArrayList<>(events(shuffled, shapes));
              Random random = new Random(seed);
              // Redeliver a random part, as a client retrying after timeouts would.
              for (int i = 0, n = random.nextInt(shapes.size() + 1); i < n; i++) {
                deliveries.add(deliveries.get(random.nextInt(shapes.size())));
              }
              Collections.shuffle(deliveries, random);
              int accepted = 0;
              int duplicates = 0;
              for (int from = 0; from < deliveries.size(); ) {
                int to = Math.min(deliveries.size(), from + 1 + random.nextInt(20));
                IngestUsageResponse batch =
                    server.tally().ingestion().ingest(deliveries.subList(from, to));
                assertThat(batch.rejected()).isEmpty();
                accepted += batch.accepted();
                duplicates += batch.duplicates();
                from = to;
              }
              assertThat(accepted).isEqualTo(shapes.size());
              assertThat(duplicates).isEqualTo(deliveries.size() - shapes.size());

              Invoice a = draft(once);
              Invoice b = draft(shuffled);
              assertThat(b.totals()).isEqualTo(a.totals());
              assertThat(b.invoiceItems().size()).isEqualTo(a.invoiceItems().size());
              for (int i = 0; i < a.invoiceItems().size(); i++) {
                assertThat(b.invoiceItems().get(i).lineItems())
                    .isEqualTo(a.invoiceItems().get(i).lineItems());
                assertThat(b.invoiceItems().get(i).totals())
                    .isEqualTo(a.invoiceItems().get(i).totals());
              }
              BigDecimal expected =
                  shapes.stream()
                      .map(s -> BigDecimal.valueOf(s.milli(), 3))
                      .reduce(BigDecimal.ZERO, BigDecimal::add);
              BigDecimal stored =
                  a.invoiceItems().stream()
                      .flatMap(item -> item.lineItems().stream())
                      .map(line -> line.quantity())
                      .reduce(BigDecimal.ZERO, BigDecimal::add);
              assertThat(stored).isEqualByComparingTo(expected);
            });
  }
}
