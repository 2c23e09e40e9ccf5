package dev.tally.engine;

import static dev.tally.engine.Fixtures.cluster;
import static dev.tally.engine.Fixtures.clusters;
import static dev.tally.engine.Fixtures.credits;
import static dev.tally.engine.Fixtures.dec;
import static dev.tally.engine.Fixtures.everyDay;
import static dev.tally.engine.Fixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.BillingPeriod;
import dev.tally.model.QuantityUnit;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A grant pays only for days on which it is active, and does not count in balances once expired.
 */
class ExpiredCreditIsNotUsedTest {

  static final PriceBook PRICES =
      PriceBook.of(
          List.of(
              Price.of(
                  "standard.compute",
                  "Standard compute",
                  QuantityUnit.VCPU_HOURS,
                  "0.10",
                  "2024-01-01")));

  static RatedInvoice rateAprilWith(CreditGrant... grants) {
    return new InvoiceAssembler(PRICES)
        .assemble(
            RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 4))
                .withClusters(clusters(cluster("c-1", "prod")))
                .withUsage(
                    everyDay(
                        "c-1", "standard.compute", "2024-04-01", "2024-04-30", "100")) // 10.00/day
                .withCredits(List.of(grants).stream().map(GrantBalance::unused).toList()));
  }

  @Test
  void aGrantExpiringMidMonthPaysOnlyTheDaysBeforeItsExpiry() {
    CreditGrant expiring =
        CreditGrant.of("grant-q1", "150.00", "2024-01-01T00:00:00Z", "2024-04-11T00:00:00Z");

    RatedInvoice rated = rateAprilWith(expiring);

    // Active 1-10 April: 10 × 10.00 = 100.00 drawn. Its other 50.00 lapse unused.
    assertThat(rated.credits().draws())
        .hasSize(10)
        .allSatisfy(d -> assertThat(d.day()).isBefore(LocalDate.parse("2024-04-11")));
    assertThat(rated.credits().totalDrawn()).isEqualTo(dec("100.00"));
    // 300.00 − 100.00 = 200.00 due; the expired grant is not in the balance.
    assertThat(rated.invoice().totals()).containsExactly(usd("200.00"), credits("100.00"));
    assertThat(rated.invoice().balances()).containsExactly(credits("0.00"));
    assertThat(rated.credits().closing().get(0).remaining()).isEqualTo(dec("50.00"));
  }

  @Test
  void aGrantThatExpiredBeforeThePeriodPaysNothing() {
    CreditGrant expired =
        CreditGrant.of("grant-old", "100.00", "2024-01-01T00:00:00Z", "2024-04-01T00:00:00Z");

    RatedInvoice rated = rateAprilWith(expired);

    assertThat(rated.credits().draws()).isEmpty();
    assertThat(rated.invoice().adjustments()).isEmpty();
    assertThat(rated.invoice().totals()).containsExactly(usd("300.00"));
    assertThat(rated.invoice().balances()).containsExactly(credits("0.00"));
  }

  @Test
  void aGrantNotStartedYetPaysNothingButCountsInBalancesFromPeriodEnd() {
    CreditGrant may =
        CreditGrant.of("grant-may", "100.00", "2024-05-01T00:00:00Z", "2024-06-01T00:00:00Z");

    RatedInvoice rated = rateAprilWith(may);

    assertThat(rated.credits().draws()).isEmpty();
    assertThat(rated.invoice().totals()).containsExactly(usd("300.00"));
    assertThat(rated.invoice().balances()).containsExactly(credits("100.00"));
  }

  @Test
  void aGrantActiveForPartOfADayPaysThatWholeDay() {
    // Expires at noon on 11 April: usage is known per day only, so it pays all of 11 April.
    CreditGrant noon =
        CreditGrant.of("grant-noon", "500.00", "2024-04-05T12:00:00Z", "2024-04-11T12:00:00Z");

    RatedInvoice rated = rateAprilWith(noon);

    assertThat(rated.credits().draws())
        .extracting(CreditDraw::day)
        .containsExactlyElementsOf(
            LocalDate.parse("2024-04-05").datesUntil(LocalDate.parse("2024-04-12")).toList());
    assertThat(rated.credits().totalDrawn()).isEqualTo(dec("70.00"));
  }
}
