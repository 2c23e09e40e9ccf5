package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.BillingPeriod;
import dev.tally.model.WireJson;
import dev.tally.model.extensions.CreditGrantBalance;
import dev.tally.model.extensions.CreditsOverview;
import dev.tally.server.testing.Backend;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
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

/**
 * {@code GET /tally/v1/credits}: balances after finalized and draft draws, what is available now,
 * the 30-day average, and the grants in draw order. Now is 2026-11-15T12:00Z.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.tally.server.testing.Backend#all")
class CreditsRouteTest {

  private static final ObjectMapper JSON = WireJson.mapper();

  @Parameter Backend backend;
  private TestServer server;
  private TestServer.Tenant tenant;

  @BeforeEach
  void start() {
    server = TestServer.on(backend);
    tenant = server.tenant("Credits", Instant.parse("2026-08-20T00:00:00Z"), "alpha");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String grant(String amount, String starts, String expires) {
    return server
        .write(
            db ->
                db.creditGrants()
                    .grant(
                        tenant.orgId(),
                        new BigDecimal(amount),
                        Instant.parse(starts),
                        Instant.parse(expires),
                        server.clock().instant()))
        .id();
  }

  /** 100 units of standard compute: 10.00 USD. */
  private void useTenDollars(String id, String at) {
    JsonNode event =
        JSON.valueToTree(
            Map.of(
                "event_id",
                tenant.orgId() + "-" + id,
                "organization_id",
                tenant.orgId(),
                "cluster_id",
                tenant.clusters().get(0).id(),
                "sku",
                "standard.compute",
                "quantity",
                "100",
                "timestamp",
                at));
    assertThat(server.tally().ingestion().ingest(List.of(event)).accepted()).isEqualTo(1);
  }

  @Test
  void balancesCountFinalizedAndDraftDrawsAndOnlyActiveGrantsAreAvailable() throws Exception {
    String lapsed = grant("50.00", "2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z");
    String current = grant("25.00", "2026-09-01T00:00:00Z", "2027-01-01T00:00:00Z");
    String future = grant("100.00", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z");
    useTenDollars("sep", "2026-09-05T00:00:00Z"); // from the grant that lapses first
    useTenDollars("oct", "2026-10-20T00:00:00Z"); // from the current one, finalized below
    useTenDollars("nov", "2026-11-10T00:00:00Z"); // from the current one, on the running draft
    server.tally().periodClose().closeAll(new BillingPeriod(YearMonth.of(2026, 9)));
    server.tally().periodClose().closeAll(new BillingPeriod(YearMonth.of(2026, 10)));

    var response = server.get("/tally/v1/credits", tenant.billingKey());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    CreditsOverview credits = JSON.readValue(response.body(), CreditsOverview.class);

    assertThat(credits.grants())
        .extracting(CreditGrantBalance::id)
        .containsExactly(lapsed, current, future);
    assertThat(credits.grants())
        .extracting(g -> g.remaining().toPlainString())
        .containsExactly("40.00", "5.00", "100.00");
    assertThat(credits.available()).isEqualByComparingTo("5.00");
    // 2026-10-17..2026-11-15: 10.00 finalized (Oct 20) + 10.00 on the draft (Nov 10), over 30 days.
    assertThat(credits.averageDailyDrawLast30Days().toPlainString()).isEqualTo("0.67");
    assertThat(response.body())
        .startsWith(
            "{\"currency\":\"USD\",\"available\":\"5.00\","
                + "\"average_daily_draw_last_30_days\":\"0.67\",\"grants\":[{\"id\":\""
                + lapsed
                + "\",\"amount\":\"50.00\",\"remaining\":\"40.00\","
                + "\"starts_at\":\"2026-09-01T00:00:00Z\",\"expires_at\":\"2026-10-01T00:00:00Z\"}");
  }

  @Test
  void anOrganizationWithoutGrantsHasNothingAvailable() throws Exception {
    useTenDollars("nov", "2026-11-10T00:00:00Z");
    var response = server.get("/tally/v1/credits", tenant.billingKey());
    assertThat(response.body())
        .isEqualTo(
            "{\"currency\":\"USD\",\"available\":\"0.00\","
                + "\"average_daily_draw_last_30_days\":\"0.00\",\"grants\":[]}");
  }
}
