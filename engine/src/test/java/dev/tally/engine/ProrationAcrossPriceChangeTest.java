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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A list price that changes on 16 March splits the month's usage into two line items. */
class ProrationAcrossPriceChangeTest {

  static final PriceBook PRICES =
      PriceBook.of(
          List.of(
              Price.of(
                  "standard.compute",
                  "Standard compute",
                  QuantityUnit.VCPU_HOURS,
                  "0.09",
                  "2024-01-01"),
              Price.of(
                  "standard.compute",
                  "Standard compute",
                  QuantityUnit.VCPU_HOURS,
                  "0.10",
                  "2024-03-16"),
              Price.of(
                  "standard.storage",
                  "Standard storage",
                  QuantityUnit.GIB_HOURS,
                  "0.000685",
                  "2024-01-01")));

  @Test
  void usageBeforeAndAfterThePriceChangeIsBilledAtEachPrice() {
    List<DailyUsage> usage =
        new ArrayList<>(
            everyDay(
                "c-1", "standard.compute", "2024-03-01", "2024-03-31", "48")); // 2 vCPUs all day
    usage.add(DailyUsage.of("c-1", "standard.storage", LocalDate.parse("2024-03-10"), "12345.5"));

    Invoice invoice =
        new InvoiceAssembler(PRICES)
            .assemble(
                RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 3))
                    .withClusters(clusters(cluster("c-1", "prod")))
                    .withUsage(usage))
            .invoice();

    // 1-15 March: 15 × 48 = 720 vCPU-h × 0.09 = 64.80
    // 16-31 March: 16 × 48 = 768 vCPU-h × 0.10 = 76.80
    // storage: 12345.5 GiB-h × 0.000685 = 8.4566675 → 8.46
    assertThat(invoice.invoiceItems())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.lineItems())
                  .containsExactly(
                      line("Standard compute", QuantityUnit.VCPU_HOURS, "720", "0.09", "64.80"),
                      line("Standard compute", QuantityUnit.VCPU_HOURS, "768", "0.1", "76.80"),
                      line(
                          "Standard storage",
                          QuantityUnit.GIB_HOURS,
                          "12345.5",
                          "0.000685",
                          "8.46"));
              assertThat(item.totals()).containsExactly(usd("150.06"));
            });
    assertThat(invoice.totals()).containsExactly(usd("150.06"));
  }

  @Test
  void theDayOfTheChangeAlreadyHasTheNewPrice() {
    Invoice invoice =
        new InvoiceAssembler(PRICES)
            .assemble(
                RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 3))
                    .withClusters(clusters(cluster("c-1", "prod")))
                    .withUsage(
                        List.of(
                            DailyUsage.of(
                                "c-1", "standard.compute", LocalDate.parse("2024-03-15"), "10"),
                            DailyUsage.of(
                                "c-1", "standard.compute", LocalDate.parse("2024-03-16"), "10"))))
            .invoice();

    assertThat(invoice.invoiceItems().get(0).lineItems())
        .containsExactly(
            line("Standard compute", QuantityUnit.VCPU_HOURS, "10", "0.09", "0.90"),
            line("Standard compute", QuantityUnit.VCPU_HOURS, "10", "0.1", "1.00"));
  }

  @Test
  void aNewVersionAtTheSamePriceKeepsOneLine() {
    PriceBook samePriceTwice =
        PriceBook.of(
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
                    "0.100",
                    "2024-03-16")));

    Invoice invoice =
        new InvoiceAssembler(samePriceTwice)
            .assemble(
                RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 3))
                    .withClusters(clusters(cluster("c-1", "prod")))
                    .withUsage(
                        everyDay("c-1", "standard.compute", "2024-03-01", "2024-03-31", "48")))
            .invoice();

    assertThat(invoice.invoiceItems().get(0).lineItems())
        .containsExactly(
            line("Standard compute", QuantityUnit.VCPU_HOURS, "1488", "0.1", "148.80"));
  }
}
