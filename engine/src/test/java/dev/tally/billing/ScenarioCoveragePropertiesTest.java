package dev.tally.billing;

import static dev.tally.billing.InvoiceArithmeticPropertiesTest.usd;

import dev.tally.billing.BillingArbitraries.Scenario;
import dev.tally.model.InvoiceItem;
import dev.tally.model.LineItem;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Guards the other properties against passing vacuously: the generated scenarios must keep hitting
 * the cases that matter (credits drawn and exhausted, discounts capped, mid-month price changes,
 * contract prices, money left to pay).
 */
class ScenarioCoveragePropertiesTest {

  @Provide
  Arbitrary<Scenario> scenarios() {
    return BillingArbitraries.scenarios();
  }

  @Property(tries = 1000)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void scenariosExerciseTheInterestingCases(@ForAll("scenarios") Scenario scenario) {
    RatedInvoice rated = scenario.rate();
    var invoice = rated.invoice();

    boolean creditsDrawn = rated.credits().totalDrawn().signum() > 0;
    boolean grantExhausted = rated.credits().closing().stream()
        .anyMatch(b -> b.remaining().signum() == 0 && rated.credits().drawnFrom(b.grantId()).signum() > 0);
    boolean amountDue = usd(invoice.totals()).signum() > 0;
    boolean discountCapped = false;
    for (int i = 0; i < scenario.input().adjustments().size(); i++) {
      discountCapped |= invoice.adjustments().get(i).amount().amount()
          .compareTo(scenario.input().adjustments().get(i).amount()) != 0;
    }
    boolean skuWithTwoPrices = invoice.invoiceItems().stream()
        .map(InvoiceItem::lineItems)
        .anyMatch(lines -> lines.stream().collect(Collectors.groupingBy(LineItem::description, Collectors.counting()))
            .values().stream().anyMatch(n -> n > 1));
    boolean overrideUsed = invoice.invoiceItems().stream()
        .flatMap(i -> i.lineItems().stream())
        .anyMatch(l -> scenario.priceBook().overrides().stream()
            .anyMatch(o -> o.organizationId().equals(BillingArbitraries.ORG) && o.unitPrice().equals(l.unitCost())));

    Statistics.label("credits drawn").collect(creditsDrawn);
    Statistics.label("a grant exhausted").collect(grantExhausted);
    Statistics.label("amount due").collect(amountDue);
    Statistics.label("discount capped").collect(discountCapped);
    Statistics.label("sku with two prices").collect(skuWithTwoPrices);
    Statistics.label("contract price used").collect(overrideUsed);

    for (String label : new String[] {"credits drawn", "a grant exhausted", "amount due",
        "discount capped", "sku with two prices", "contract price used"}) {
      Statistics.label(label).coverage(c -> c.check(true).percentage(p -> p >= 5.0));
    }
  }
}
