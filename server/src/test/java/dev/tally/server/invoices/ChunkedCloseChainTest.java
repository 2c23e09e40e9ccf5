package dev.tally.server.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.engine.InvoiceDigest;
import dev.tally.model.BillingPeriod;
import dev.tally.model.CanonicalJson;
import dev.tally.model.WireJson;
import dev.tally.server.metrics.CloseMetrics;
import dev.tally.server.prices.PriceBookCache;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The close reads the previous month's digests ahead, a chunk of organizations at a time ({@link
 * PreviousDigests}); each month must still chain to its own organization's month before, across
 * chunks and when the month before closes in the same run.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class ChunkedCloseChainTest {

  private static final ObjectMapper JSON = WireJson.mapper();
  private static final BillingPeriod SEPTEMBER = new BillingPeriod(YearMonth.of(2026, 9));
  private static final BillingPeriod OCTOBER = new BillingPeriod(YearMonth.of(2026, 10));

  @Parameter Backend backend;
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.on(backend);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void eachMonthChainsToItsOwnOrganizationsMonthBeforeAcrossChunks() throws Exception {
    List<String> orgs = new ArrayList<>();
    List<JsonNode> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      TestServer.Tenant tenant =
          server.tenant("Chained " + i, Instant.parse("2026-08-20T00:00:00Z"), "alpha");
      orgs.add(tenant.orgId());
      for (String month : List.of("2026-09", "2026-10")) {
        events.add(
            event(
                tenant.orgId() + "-" + month,
                tenant.orgId(),
                tenant.clusters().getFirst().id(),
                "standard.compute",
                (i + 1) + "." + i,
                month + "-05T00:00:00Z"));
      }
    }
    assertThat(server.tally().ingestion().ingest(events).accepted()).isEqualTo(events.size());
    String late = orgs.get(2);
    PeriodClose inTwos =
        new PeriodClose(
            server.tally().tx(),
            new PriceBookCache(),
            server.clock(),
            new CloseMetrics(new SimpleMeterRegistry()),
            2);

    inTwos.closeAll(SEPTEMBER, org -> orgs.contains(org.id()) && !org.id().equals(late));
    // October, two at a time; the late organization's September closes first, in the same run.
    assertThat(inTwos.closeAll(OCTOBER, org -> orgs.contains(org.id())).closed()).isEqualTo(5);

    for (String org : orgs) {
      String september = stored("digest", org, SEPTEMBER);
      assertThat(stored("digest", org, OCTOBER))
          .as(org)
          .isEqualTo(
              InvoiceDigest.of(
                  JSON.readTree(stored("rating_record", org, OCTOBER)),
                  JSON.readTree(
                      server.queryString(
                          "SELECT body FROM invoices WHERE organization_id = ? AND period_start = ?",
                          org,
                          java.sql.Timestamp.from(OCTOBER.start()))),
                  Optional.of(september)));
      // Kept as its canonical encoding: the stored text is what the digest covers, byte for byte.
      String record = stored("rating_record", org, OCTOBER);
      assertThat(new String(CanonicalJson.bytes(JSON.readTree(record)), StandardCharsets.UTF_8))
          .isEqualTo(record);
    }
    List<VerifiedInvoice> verified = new ArrayList<>();
    server.tally().verifier().verify(Optional.empty(), Optional.empty(), verified::add);
    assertThat(verified)
        .filteredOn(v -> orgs.contains(v.organizationId()))
        .hasSize(15) // August (no usage), September and October of each
        .allSatisfy(v -> assertThat(v.verdict()).isEqualTo(VerifiedInvoice.Verdict.IDENTICAL));
  }

  @Test
  void anOrganizationThatCannotBeClosedDoesNotKeepTheOthersInLaterChunksOpen() {
    String suffix = java.util.UUID.randomUUID().toString();
    String fails = "a-unpriced-" + suffix;
    String closes = "b-priced-" + suffix;
    server.tenant(fails, Instant.parse("2026-08-20T00:00:00Z"), List.of("ca-" + suffix));
    server.tenant(closes, Instant.parse("2026-08-20T00:00:00Z"), List.of("cb-" + suffix));
    List<JsonNode> events = new ArrayList<>();
    for (var use :
        List.of(
            List.of(fails, "ca-" + suffix, "standard.compute"),
            List.of(closes, "cb-" + suffix, "standard.storage"))) {
      events.add(
          event(
              use.get(0) + "-e", use.get(0), use.get(1), use.get(2), "3", "2026-09-10T00:00:00Z"));
    }
    assertThat(server.tally().ingestion().ingest(events).accepted()).isEqualTo(2);
    // The book in force loses the first organization's SKU behind the loader's back.
    var book = dev.tally.engine.PriceBookFile.defaultPriceBook();
    var unpriced =
        new dev.tally.engine.PriceBook(
            book.prices().stream().filter(p -> !p.sku().equals("standard.compute")).toList(),
            book.overrides());
    server.write(db -> db.priceBooks().append(unpriced, server.clock().instant()));
    PeriodClose oneAtATime =
        new PeriodClose(
            server.tally().tx(),
            new PriceBookCache(),
            server.clock(),
            new CloseMetrics(new SimpleMeterRegistry()),
            1);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                oneAtATime.closeAll(
                    SEPTEMBER, org -> org.id().equals(fails) || org.id().equals(closes)))
        .hasMessageContaining("cannot be rated");
    Optional<YearMonth> closedLast = server.write(db -> db.billingPeriods().lastClosed(closes));
    Optional<YearMonth> failedLast = server.write(db -> db.billingPeriods().lastClosed(fails));
    assertThat(closedLast)
        .as("the organization after the one that failed, in a later chunk")
        .contains(YearMonth.of(2026, 9));
    assertThat(failedLast).contains(YearMonth.of(2026, 8));
  }

  private static JsonNode event(
      String id, String org, String cluster, String sku, String quantity, String at) {
    return JSON.valueToTree(
        Map.of(
            "event_id", id,
            "organization_id", org,
            "cluster_id", cluster,
            "sku", sku,
            "quantity", quantity,
            "timestamp", at));
  }

  private String stored(String column, String org, BillingPeriod month) {
    return server.queryString(
        "SELECT " + column + " FROM invoices WHERE organization_id = ? AND period_start = ?",
        org,
        java.sql.Timestamp.from(month.start()));
  }
}
