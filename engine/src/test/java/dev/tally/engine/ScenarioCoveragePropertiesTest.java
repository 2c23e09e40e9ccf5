package dev.tally.engine;

import static dev.tally.engine.InvoiceArithmeticPropertiesTest.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.tally.engine.BillingGenerators.Scenario;
import dev.tally.model.InvoiceItem;
import dev.tally.model.LineItem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Guards the other properties against passing vacuously: the generated scenarios must keep hitting
 * the cases that matter (credits drawn and exhausted, discounts capped, mid-month price changes,
 * contract prices, money left to pay).
 *
 * <p>It draws {@value #SCENARIOS} scenarios from the same generator the properties use, with a
 * fixed seed so the guard is deterministic, and requires each case in at least {@value
 * #MIN_PERCENT}% of them. Changing the generator changes the sample; if the guard then fails, the
 * generator has stopped reaching a case, which is what it is for.
 */
class ScenarioCoveragePropertiesTest {

  private static final long SEED = 20_240_501L;
  private static final int SCENARIOS = 1000;
  private static final double MIN_PERCENT = 5.0;

  @Test
  void scenariosExerciseTheInterestingCases() {
    Map<String, Integer> hits = new LinkedHashMap<>();
    for (String label :
        new String[] {
          "credits drawn",
          "a grant exhausted",
          "amount due",
          "discount capped",
          "sku with two prices",
          "contract price used"
        }) {
      hits.put(label, 0);
    }
    int[] generated = {0};

    qt().withFixedSeed(SEED)
        .withExamples(SCENARIOS)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              generated[0]++;
              for (Map.Entry<String, Boolean> c : cases(scenario).entrySet()) {
                if (c.getValue()) {
                  hits.merge(c.getKey(), 1, Integer::sum);
                }
              }
            });

    // QuickTheories skips a scenario it has already tried; nearly all of them must be distinct.
    assertThat(generated[0])
        .as("distinct scenarios generated")
        .isGreaterThanOrEqualTo(SCENARIOS * 9 / 10);
    Map<String, Double> percentages = new LinkedHashMap<>();
    hits.forEach((label, n) -> percentages.put(label, 100.0 * n / generated[0]));
    assertThat(percentages)
        .as(
            "%% of %d scenarios (seed %d) that hit each case; each must be >= %s%%",
            generated[0], SEED, MIN_PERCENT)
        .allSatisfy(
            (label, percent) -> assertThat(percent).as(label).isGreaterThanOrEqualTo(MIN_PERCENT));
  }

  private static Map<String, Boolean> cases(Scenario scenario) {
    RatedInvoice rated = scenario.rate();
    var invoice = rated.invoice();

    boolean creditsDrawn = rated.credits().totalDrawn().signum() > 0;
    boolean grantExhausted =
        rated.credits().closing().stream()
            .anyMatch(
                b ->
                    b.remaining().signum() == 0
                        && rated.credits().drawnFrom(b.grantId()).signum() > 0);
    boolean amountDue = usd(invoice.totals()).signum() > 0;
    boolean discountCapped = false;
    for (int i = 0; i < scenario.input().adjustments().size(); i++) {
      discountCapped |=
          invoice
                  .adjustments()
                  .get(i)
                  .amount()
                  .amount()
                  .compareTo(scenario.input().adjustments().get(i).amount())
              != 0;
    }
    boolean skuWithTwoPrices =
        invoice.invoiceItems().stream()
            .map(InvoiceItem::lineItems)
            .anyMatch(
                lines ->
                    lines.stream()
                        .collect(
                            Collectors.groupingBy(LineItem::description, Collectors.counting()))
                        .values()
                        .stream()
                        .anyMatch(n -> n > 1));
    boolean overrideUsed =
        invoice.invoiceItems().stream()
            .flatMap(i -> i.lineItems().stream())
            .anyMatch(
                l ->
                    scenario.priceBook().overrides().stream()
                        .anyMatch(
                            o ->
                                o.organizationId().equals(BillingGenerators.ORG)
                                    && o.unitPrice().equals(l.unitCost())));

    Map<String, Boolean> cases = new LinkedHashMap<>();
    cases.put("credits drawn", creditsDrawn);
    cases.put("a grant exhausted", grantExhausted);
    cases.put("amount due", amountDue);
    cases.put("discount capped", discountCapped);
    cases.put("sku with two prices", skuWithTwoPrices);
    cases.put("contract price used", overrideUsed);
    return cases;
  }
}
