package dev.tally.engine;

import static dev.tally.engine.Fixtures.cluster;
import static dev.tally.engine.Fixtures.clusters;
import static dev.tally.engine.Fixtures.credits;
import static dev.tally.engine.Fixtures.dec;
import static dev.tally.engine.Fixtures.everyDay;
import static dev.tally.engine.Fixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.BillingPeriod;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.QuantityUnit;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two grants active all April. The one expiring first pays first; when it runs out on 6 April the
 * other takes over, within the same day.
 */
class CreditGrantRunsOutMidMonthTest {

  static final PriceBook PRICES =
      PriceBook.of(
          List.of(
              Price.of(
                  "standard.compute",
                  "Standard compute",
                  QuantityUnit.VCPU_HOURS,
                  "0.10",
                  "2024-01-01")));

  // Started later but expires sooner: expiry, not start, decides who pays first.
  static final CreditGrant SHORT =
      CreditGrant.of("grant-short", "55.00", "2024-03-01T00:00:00Z", "2024-06-01T00:00:00Z");
  static final CreditGrant LONG =
      CreditGrant.of("grant-long", "500.00", "2024-01-01T00:00:00Z", "2024-12-31T00:00:00Z");

  @Test
  void theNextGrantTakesOverWhenTheFirstRunsOut() {
    RatedInvoice rated =
        new InvoiceAssembler(PRICES)
            .assemble(
                RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 4))
                    .withClusters(clusters(cluster("c-1", "prod")))
                    // 100 vCPU-h × 0.10 = 10.00 a day, 300.00 for April.
                    .withUsage(
                        everyDay("c-1", "standard.compute", "2024-04-01", "2024-04-30", "100"))
                    .withCredits(List.of(GrantBalance.unused(LONG), GrantBalance.unused(SHORT))));

    CreditLedger ledger = rated.credits();
    // grant-short: 10.00 on each of 1-5 April, 5.00 on 6 April = 55.00, all of it.
    // grant-long: the other 5.00 of 6 April, then 10.00 on each of 7-30 April = 5 + 240 = 245.00.
    assertThat(ledger.draws())
        .filteredOn(d -> d.day().equals(LocalDate.parse("2024-04-06")))
        .containsExactly(
            new CreditDraw("grant-short", LocalDate.parse("2024-04-06"), dec("5.00")),
            new CreditDraw("grant-long", LocalDate.parse("2024-04-06"), dec("5.00")));
    assertThat(ledger.draws())
        .filteredOn(d -> d.grantId().equals("grant-short"))
        .extracting(CreditDraw::day)
        .last()
        .isEqualTo(LocalDate.parse("2024-04-06"));
    assertThat(ledger.drawnByGrant())
        .containsExactly(
            Map.entry("grant-long", dec("245.00")), Map.entry("grant-short", dec("55.00")));

    assertThat(rated.invoice().adjustments())
        .containsExactly(
            new InvoiceAdjustment("Credits applied", usd("-300.00")),
            new InvoiceAdjustment("Credits applied", credits("300.00")));
    assertThat(rated.invoice().totals()).containsExactly(usd("0.00"), credits("300.00"));
    // 500.00 − 245.00 left in grant-long; grant-short is empty.
    assertThat(rated.invoice().balances()).containsExactly(credits("255.00"));
  }

  @Test
  void whenAllGrantsRunOutTheRestIsDue() {
    CreditGrant small =
        CreditGrant.of("grant-small", "120.00", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
    RatedInvoice rated =
        new InvoiceAssembler(PRICES)
            .assemble(
                RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 4))
                    .withClusters(clusters(cluster("c-1", "prod")))
                    .withUsage(
                        everyDay("c-1", "standard.compute", "2024-04-01", "2024-04-30", "100"))
                    .withCredits(
                        List.of(
                            new GrantBalance(
                                small, dec("25.00"))))); // 95.00 used in earlier months

    // 25.00 left pays 1-2 April and half of 3 April; 300.00 − 25.00 = 275.00 due.
    assertThat(rated.credits().draws())
        .containsExactly(
            new CreditDraw("grant-small", LocalDate.parse("2024-04-01"), dec("10.00")),
            new CreditDraw("grant-small", LocalDate.parse("2024-04-02"), dec("10.00")),
            new CreditDraw("grant-small", LocalDate.parse("2024-04-03"), dec("5.00")));
    assertThat(rated.invoice().totals()).containsExactly(usd("275.00"), credits("25.00"));
    assertThat(rated.invoice().balances()).containsExactly(credits("0.00"));
  }
}
