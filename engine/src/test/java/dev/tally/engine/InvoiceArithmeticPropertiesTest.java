package dev.tally.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.tally.model.Currency;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceItem;
import dev.tally.model.LineItem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The invoice adds up, exactly, whatever the usage, prices, adjustments and credits. */
class InvoiceArithmeticPropertiesTest {

  @Test
  void totalsPerCurrencyAreItemTotalsPlusAdjustments() {
    qt().withExamples(500)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              Invoice invoice = scenario.rate().invoice();

              Map<Currency, BigDecimal> expected = new EnumMap<>(Currency.class);
              expected.put(Currency.USD, Cents.ZERO);
              invoice.invoiceItems().forEach(item -> item.totals().forEach(t -> add(expected, t)));
              invoice.adjustments().forEach(a -> add(expected, a.amount()));

              Map<Currency, BigDecimal> actual = new EnumMap<>(Currency.class);
              invoice
                  .totals()
                  .forEach(
                      t ->
                          assertThat(actual.put(t.currency().value(), t.amount()))
                              .as("one total per currency")
                              .isNull());
              assertThat(actual).isEqualTo(expected);
            });
  }

  @Test
  void itemTotalsAreTheSumOfTheirLineTotals() {
    qt().withExamples(500)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              for (InvoiceItem item : scenario.rate().invoice().invoiceItems()) {
                BigDecimal lineSum =
                    item.lineItems().stream()
                        .map(l -> l.total().amount())
                        .reduce(Cents.ZERO, BigDecimal::add);
                assertThat(item.totals()).containsExactly(CurrencyAmount.of(lineSum, Currency.USD));
              }
            });
  }

  @Test
  void everyLineTotalIsItsQuantityTimesUnitCostRoundedToCents() {
    qt().withExamples(500)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              for (InvoiceItem item : scenario.rate().invoice().invoiceItems()) {
                for (LineItem line : item.lineItems()) {
                  assertThat(line.total())
                      .isEqualTo(
                          CurrencyAmount.of(
                              Cents.round(line.quantity().multiply(line.unitCost())),
                              Currency.USD));
                }
              }
            });
  }

  @Test
  void everyMoneyAmountIsWholeCentsWithScaleTwo() {
    qt().withExamples(500)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              Invoice invoice = scenario.rate().invoice();
              List<CurrencyAmount> amounts = new ArrayList<>();
              amounts.addAll(invoice.totals());
              amounts.addAll(invoice.balances());
              invoice.adjustments().forEach(a -> amounts.add(a.amount()));
              for (InvoiceItem item : invoice.invoiceItems()) {
                amounts.addAll(item.totals());
                item.lineItems().forEach(l -> amounts.add(l.total()));
              }
              assertThat(amounts).allSatisfy(a -> assertThat(a.amount().scale()).isEqualTo(2));
            });
  }

  @Test
  void noUsageIsLostOrCountedTwice() {
    qt().withExamples(500)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              Map<String, BigDecimal> used = new HashMap<>();
              for (DailyUsage row : scenario.input().usage()) {
                used.merge(row.clusterId() + "/" + row.sku(), row.quantity(), BigDecimal::add);
              }
              Map<String, BigDecimal> invoiced = new HashMap<>();
              for (InvoiceItem item : scenario.rate().invoice().invoiceItems()) {
                for (LineItem line : item.lineItems()) {
                  String sku = skuOf(line.description());
                  invoiced.merge(item.cluster().id() + "/" + sku, line.quantity(), BigDecimal::add);
                }
              }
              assertThat(invoiced.keySet()).isEqualTo(used.keySet());
              used.forEach(
                  (key, quantity) -> assertThat(invoiced.get(key)).isEqualByComparingTo(quantity));
            });
  }

  @Test
  void theAmountDueIsNeverNegativeAndDiscountsNeverExceedWhatWasAsked() {
    qt().withExamples(500)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              Invoice invoice = scenario.rate().invoice();
              assertThat(usd(invoice.totals())).isGreaterThanOrEqualTo(BigDecimal.ZERO);

              List<InvoiceAdjustment> given =
                  invoice.adjustments().subList(0, scenario.input().adjustments().size());
              for (int i = 0; i < given.size(); i++) {
                Adjustment asked = scenario.input().adjustments().get(i);
                InvoiceAdjustment applied = given.get(i);
                assertThat(applied.name()).isEqualTo(asked.name());
                if (asked.amount().signum() >= 0) {
                  assertThat(applied.amount().amount()).isEqualTo(asked.amount());
                } else {
                  assertThat(applied.amount().amount()).isBetween(asked.amount(), Cents.ZERO);
                }
              }
              // A discount is only ever cut short when it has brought the charges to zero.
              boolean someDiscountCapped = false;
              for (int i = 0; i < given.size(); i++) {
                someDiscountCapped |=
                    given
                            .get(i)
                            .amount()
                            .amount()
                            .compareTo(scenario.input().adjustments().get(i).amount())
                        != 0;
              }
              if (someDiscountCapped) {
                BigDecimal beforeCredits =
                    Stream.concat(
                            invoice.invoiceItems().stream().flatMap(i -> i.totals().stream()),
                            given.stream().map(InvoiceAdjustment::amount))
                        .map(CurrencyAmount::amount)
                        .reduce(Cents.ZERO, BigDecimal::add);
                assertThat(beforeCredits).isEqualByComparingTo(BigDecimal.ZERO);
              }
            });
  }

  @Test
  void lineItemsAndInvoiceItemsAreInTheirDocumentedOrder() {
    qt().withExamples(200)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              Invoice invoice = scenario.rate().invoice();
              assertThat(invoice.invoiceItems())
                  .isSortedAccordingTo(
                      java.util.Comparator.comparing((InvoiceItem i) -> i.cluster().name())
                          .thenComparing(i -> i.cluster().id()));
              for (InvoiceItem item : invoice.invoiceItems()) {
                assertThat(item.lineItems())
                    .isSortedAccordingTo(
                        java.util.Comparator.comparing((LineItem l) -> l.description())
                            .thenComparing(LineItem::unitCost));
              }
            });
  }

  static BigDecimal usd(List<CurrencyAmount> amounts) {
    return amounts.stream()
        .filter(a -> a.currency().is(Currency.USD))
        .map(CurrencyAmount::amount)
        .findFirst()
        .orElseThrow();
  }

  private static String skuOf(String description) {
    return BillingGenerators.SKUS.stream()
        .filter(s -> s.description().equals(description))
        .findFirst()
        .orElseThrow()
        .sku();
  }

  private static void add(Map<Currency, BigDecimal> sums, CurrencyAmount amount) {
    sums.merge(amount.currency().value(), amount.amount(), BigDecimal::add);
  }
}
