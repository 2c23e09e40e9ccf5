package dev.tally.engine;

import static dev.tally.engine.Fixtures.cluster;
import static dev.tally.engine.Fixtures.clusters;
import static dev.tally.engine.Fixtures.everyDay;
import static dev.tally.engine.Fixtures.line;
import static dev.tally.engine.Fixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.BillingPeriod;
import dev.tally.model.Invoice;
import dev.tally.model.QuantityUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * org_acme's contract price of 0.08 applies from 11 April, and still applies after the list price
 * rises on 21 April; org_globex pays list prices.
 */
class ContractPriceOverrideTest {

  static final PriceBook PRICES =
      new PriceBook(
          List.of(
              Price.of(
                  "standard.compute",
                  "Standard compute",
                  QuantityUnit.VCPU_HOURS,
                  "0.10",
                  "2024-01-01"),
              Price.of(
                  "standard.compute",
                  "Standard compute",
                  QuantityUnit.VCPU_HOURS,
                  "0.12",
                  "2024-04-21")),
          List.of(PriceOverride.of("org_acme", "standard.compute", "0.08", "2024-04-11")));

  static Invoice rateApril(String organizationId) {
    return new InvoiceAssembler(PRICES)
        .assemble(
            RatingInput.forPeriod(organizationId, BillingPeriod.of(2024, 4))
                .withClusters(clusters(cluster("c-1", "prod")))
                .withUsage(everyDay("c-1", "standard.compute", "2024-04-01", "2024-04-30", "100")))
        .invoice();
  }

  @Test
  void theOverridePriceAppliesFromItsEffectiveDayAndBeatsLaterListPrices() {
    Invoice acme = rateApril("org_acme");

    // 1-10 April: 1000 vCPU-h × 0.10 = 100.00; 11-30 April: 2000 × 0.08 = 160.00.
    assertThat(acme.invoiceItems().get(0).lineItems())
        .containsExactly(
            line("Standard compute", QuantityUnit.VCPU_HOURS, "2000", "0.08", "160.00"),
            line("Standard compute", QuantityUnit.VCPU_HOURS, "1000", "0.1", "100.00"));
    assertThat(acme.totals()).containsExactly(usd("260.00"));
  }

  @Test
  void otherOrganizationsPayTheListPrice() {
    Invoice globex = rateApril("org_globex");

    // 1-20 April: 2000 × 0.10 = 200.00; 21-30 April: 1000 × 0.12 = 120.00.
    assertThat(globex.invoiceItems().get(0).lineItems())
        .containsExactly(
            line("Standard compute", QuantityUnit.VCPU_HOURS, "2000", "0.1", "200.00"),
            line("Standard compute", QuantityUnit.VCPU_HOURS, "1000", "0.12", "120.00"));
    assertThat(globex.totals()).containsExactly(usd("320.00"));
  }
}
