package dev.tally.engine;

import static dev.tally.engine.InvoiceArithmeticPropertiesTest.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.tally.model.BillingPeriod;
import dev.tally.model.Currency;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Credits pay what they may and no more, from the grants that may pay it. */
class CreditDrawPropertiesTest {

  @Test
  void creditsNeverExceedChargesAndNeverGoNegative() {
    qt().withExamples(500)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              RatedInvoice rated = scenario.rate();
              Invoice invoice = rated.invoice();
              BigDecimal drawn = rated.credits().totalDrawn();

              BigDecimal chargesBeforeCredits =
                  Stream.concat(
                          invoice.invoiceItems().stream().flatMap(i -> i.totals().stream()),
                          invoice.adjustments().stream()
                              .filter(a -> !a.name().equals(InvoiceAssembler.CREDITS_APPLIED))
                              .map(InvoiceAdjustment::amount))
                      .map(CurrencyAmount::amount)
                      .reduce(Cents.ZERO, BigDecimal::add);

              assertThat(drawn).isNotNegative().isLessThanOrEqualTo(chargesBeforeCredits);
              assertThat(usd(invoice.totals())).isEqualTo(chargesBeforeCredits.subtract(drawn));
              assertThat(rated.credits().draws())
                  .allSatisfy(d -> assertThat(d.amount()).isPositive());
            });
  }

  @Test
  void creditsAppliedShowAsAMatchingAdjustmentPair() {
    qt().withExamples(500)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              RatedInvoice rated = scenario.rate();
              BigDecimal drawn = rated.credits().totalDrawn();
              List<InvoiceAdjustment> creditAdjustments =
                  rated.invoice().adjustments().stream()
                      .filter(a -> a.name().equals(InvoiceAssembler.CREDITS_APPLIED))
                      .toList();
              if (drawn.signum() == 0) {
                assertThat(creditAdjustments).isEmpty();
                assertThat(rated.invoice().totals())
                    .extracting(t -> t.currency().value())
                    .containsExactly(Currency.USD);
              } else {
                assertThat(creditAdjustments)
                    .extracting(InvoiceAdjustment::amount)
                    .containsExactly(
                        CurrencyAmount.of(drawn.negate(), Currency.USD),
                        CurrencyAmount.of(drawn, Currency.CRDB_CLOUD_CREDITS));
                assertThat(rated.invoice().totals())
                    .contains(CurrencyAmount.of(drawn, Currency.CRDB_CLOUD_CREDITS));
              }
            });
  }

  @Test
  void drawsNeverExceedAGrantsRemainingNorComeFromInactiveGrants() {
    qt().withExamples(500)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              CreditLedger ledger = scenario.rate().credits();
              Map<String, GrantBalance> opening = new HashMap<>();
              scenario.input().credits().forEach(b -> opening.put(b.grantId(), b));

              Map<String, BigDecimal> drawnPerGrant = new HashMap<>();
              for (CreditDraw draw : ledger.draws()) {
                GrantBalance balance = opening.get(draw.grantId());
                assertThat(balance).as("draw from a grant that was given").isNotNull();
                assertThat(balance.grant().isActiveOn(draw.day()))
                    .as("grant %s active on %s", draw.grantId(), draw.day())
                    .isTrue();
                assertThat(scenario.input().period().contains(draw.day())).isTrue();
                drawnPerGrant.merge(draw.grantId(), draw.amount(), BigDecimal::add);
              }
              drawnPerGrant.forEach(
                  (grant, drawn) ->
                      assertThat(drawn).isLessThanOrEqualTo(opening.get(grant).remaining()));
            });
  }

  @Test
  void balancesAreWhatIsLeftInTheGrantsActiveAtPeriodEnd() {
    qt().withExamples(500)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              RatedInvoice rated = scenario.rate();
              var periodEnd = scenario.input().period().end();
              BigDecimal expected = Cents.ZERO;
              for (GrantBalance balance : scenario.input().credits()) {
                if (balance.grant().isActiveAt(periodEnd)) {
                  expected =
                      expected.add(
                          balance
                              .remaining()
                              .subtract(rated.credits().drawnFrom(balance.grantId())));
                }
              }
              assertThat(rated.invoice().balances())
                  .containsExactly(CurrencyAmount.of(expected, Currency.CRDB_CLOUD_CREDITS));
            });
  }

  @Test
  void creditsAreNotLeftUnusedWhileChargesGoUnpaid() {
    qt().withExamples(500)
        .forAll(BillingGenerators.scenarios())
        .checkAssert(
            scenario -> {
              // A grant active on every day of the period could have paid any day's charges: if it
              // still has
              // credits at the end, nothing can be left to pay.
              RatedInvoice rated = scenario.rate();
              BillingPeriod period = scenario.input().period();
              boolean unusedAllMonthGrant =
                  rated.credits().closing().stream()
                      .anyMatch(
                          b ->
                              b.remaining().signum() > 0
                                  && period.days().stream().allMatch(d -> b.grant().isActiveOn(d)));
              if (unusedAllMonthGrant) {
                assertThat(usd(rated.invoice().totals())).isEqualByComparingTo(BigDecimal.ZERO);
              }
            });
  }
}
