package dev.tally.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.engine.Price;
import dev.tally.engine.PriceBook;
import dev.tally.engine.PriceBookFile;
import dev.tally.engine.PriceOverride;
import dev.tally.model.BillingPeriod;
import dev.tally.model.QuantityUnit;
import dev.tally.model.WireJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An organization whose closed months exercise every input of rating: two clusters, usage on many
 * days, a list price change in mid-September, a contract override of its own, adjustments (a charge
 * and a discount) and a credit grant drawn over both months. September and October are closed.
 */
public final class RatedMonths {

  public static final BillingPeriod AUGUST = new BillingPeriod(YearMonth.of(2026, 8));
  public static final BillingPeriod SEPTEMBER = new BillingPeriod(YearMonth.of(2026, 9));
  public static final BillingPeriod OCTOBER = new BillingPeriod(YearMonth.of(2026, 10));

  private RatedMonths() {}

  /** Seeds the organization with {@code orgId} on the server, and closes September and October. */
  public static String seed(TestServer server, String orgId, List<String> clusterIds) {
    TestServer.Tenant tenant =
        server.tenant(orgId, Instant.parse("2026-08-20T00:00:00Z"), clusterIds);
    String org = tenant.orgId();
    PriceBook base = PriceBookFile.defaultPriceBook();
    List<Price> prices = new ArrayList<>(base.prices());
    prices.add(
        Price.of(
            "standard.compute",
            "Standard provisioned compute",
            QuantityUnit.VCPU_HOURS,
            "0.12",
            "2026-09-16"));
    List<PriceOverride> overrides = new ArrayList<>(base.overrides());
    overrides.add(PriceOverride.of(org, "standard.storage", "0.0003", "2026-09-10"));
    server.tally().priceBooks().load(PriceBookFile.toJson(new PriceBook(prices, overrides)));
    server.write(
        db ->
            db.creditGrants()
                .grant(
                    org,
                    new BigDecimal("25.00"),
                    Instant.parse("2026-09-01T00:00:00Z"),
                    Instant.parse("2027-01-01T00:00:00Z"),
                    server.clock().instant()));
    // Grant ids are random; a fixed one keeps the inputs equal on every backend.
    server.executeBehindTheBack(
        "UPDATE credit_grants SET id = ? WHERE organization_id = ?", org + "-grant", org);
    server.write(
        db ->
            db.adjustments()
                .add(
                    org,
                    SEPTEMBER,
                    "Premium support",
                    new BigDecimal("5.00"),
                    server.clock().instant()));
    server.write(
        db ->
            db.adjustments()
                .add(
                    org,
                    OCTOBER,
                    "Serverless free tier",
                    new BigDecimal("-1.50"),
                    server.clock().instant()));
    List<JsonNode> events = new ArrayList<>();
    int n = 0;
    for (int day = 1; day <= 30; day += 3) {
      for (int c = 0; c < tenant.clusters().size(); c++) {
        String cluster = tenant.clusters().get(c).id();
        for (String month : List.of("2026-09", "2026-10")) {
          String at = month + "-%02dT%02d:00:00Z".formatted(day, 3 + c);
          events.add(event(org, "e" + n++, cluster, "standard.compute", (7 + day) + ".25", at));
          events.add(event(org, "e" + n++, cluster, "standard.storage", (100 * day) + ".5", at));
        }
      }
    }
    assertThat(server.tally().ingestion().ingest(events).accepted()).isEqualTo(events.size());
    server.tally().periodClose().close(org, OCTOBER);
    return org;
  }

  private static JsonNode event(
      String org, String id, String cluster, String sku, String quantity, String at) {
    return WireJson.mapper()
        .valueToTree(
            Map.of(
                "event_id", id,
                "organization_id", org,
                "cluster_id", cluster,
                "sku", sku,
                "quantity", quantity,
                "timestamp", at));
  }
}
