package dev.tally.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.Currency;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceItem;
import dev.tally.model.ListInvoicesResponse;
import dev.tally.model.WireJson;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.testing.ContractValidator;
import dev.tally.server.testing.TestServer;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The demo's invoices come out of the engine: a year finalized, this month's draft, all consistent.
 */
class DemoOrganizationTest {

  private static final ObjectMapper JSON = WireJson.mapper();

  private static BigDecimal sum(List<CurrencyAmount> amounts, Currency currency) {
    return amounts.stream()
        .filter(a -> a.currency().is(currency))
        .map(CurrencyAmount::amount)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void todaysUsageStopsAtTheCurrentHour() {
    // The test server's clock is 2026-11-15T12:00Z: half of today has gone by.
    try (TestServer server = TestServer.on(DatabaseConfig.inMemory("today" + System.nanoTime()))) {
      DemoOrganization.seed(server.tally());
      for (String sku : List.of("standard.compute", "dedicated.node.4vcpu_16gib")) {
        String sql =
            "SELECT CAST(SUM(quantity) AS VARCHAR(40)) FROM usage_daily"
                + " WHERE organization_id = 'demo-org' AND sku = ? AND usage_day = ?";
        BigDecimal today =
            new BigDecimal(server.queryString(sql, sku, java.sql.Date.valueOf("2026-11-15")));
        BigDecimal yesterday =
            new BigDecimal(server.queryString(sql, sku, java.sql.Date.valueOf("2026-11-14")));
        assertThat(today.multiply(BigDecimal.TWO)).as(sku).isEqualByComparingTo(yesterday);
      }
    }
  }

  @Test
  void theDemoHasTwelveComputedFinalizedMonthsAndThisMonthsDraft() throws Exception {
    try (TestServer server = TestServer.on(DatabaseConfig.inMemory("demo" + System.nanoTime()))) {
      List<DemoOrganization.DemoKey> keys = DemoOrganization.seed(server.tally());
      assertThat(keys).hasSize(4);
      String reader =
          keys.stream()
              .filter(DemoOrganization.DemoKey::canReadInvoices)
              .findFirst()
              .orElseThrow()
              .token();
      // The default list, as a client that reads "this month so far" would ask for it.
      var response = server.get("/api/v1/invoices", reader);
      ContractValidator.assertConforms("/api/v1/invoices", response);
      List<Invoice> invoices =
          JSON.readValue(response.body(), ListInvoicesResponse.class).invoices();

      assertThat(invoices).hasSize(13);
      assertThat(invoices.subList(0, 12))
          .allSatisfy(i -> assertThat(i.status().raw()).isEqualTo("FINALIZED"));
      assertThat(invoices.get(12).status().raw()).isEqualTo("DRAFT");
      assertThat(invoices.get(12).periodStart())
          .isEqualTo(java.time.Instant.parse("2026-11-01T00:00:00Z"));
      for (Invoice invoice : invoices) {
        assertThat(invoice.invoiceItems())
            .extracting(i -> i.cluster().name())
            .containsExactly("analytics", "checkout", "staging");
        for (Currency currency : List.of(Currency.USD, Currency.CRDB_CLOUD_CREDITS)) {
          Function<InvoiceItem, BigDecimal> itemTotal = item -> sum(item.totals(), currency);
          BigDecimal items =
              invoice.invoiceItems().stream()
                  .map(itemTotal)
                  .reduce(BigDecimal.ZERO, BigDecimal::add);
          BigDecimal adjustments =
              sum(invoice.adjustments().stream().map(a -> a.amount()).toList(), currency);
          assertThat(sum(invoice.totals(), currency))
              .as("%s %s", invoice.invoiceId(), currency)
              .isEqualByComparingTo(items.add(adjustments));
        }
      }
      assertThat(invoices)
          .anySatisfy(i -> assertThat(sum(i.totals(), Currency.CRDB_CLOUD_CREDITS)).isPositive());
      assertThat(invoices)
          .anySatisfy(
              i ->
                  assertThat(i.adjustments())
                      .extracting(a -> a.name())
                      .contains("Premium support onboarding"));
      assertThat(invoices.get(0).balances()).isNotEmpty();

      // Seeding again only mints new keys: no invoice changes.
      String before = server.get("/api/v1/invoices", reader).body();
      DemoOrganization.seed(server.tally());
      assertThat(server.get("/api/v1/invoices", reader).body()).isEqualTo(before);
    }
  }
}
