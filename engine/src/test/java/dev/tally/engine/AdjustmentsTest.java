package dev.tally.engine;

import static dev.tally.engine.Fixtures.cluster;
import static dev.tally.engine.Fixtures.clusters;
import static dev.tally.engine.Fixtures.credits;
import static dev.tally.engine.Fixtures.dec;
import static dev.tally.engine.Fixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.model.BillingPeriod;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.QuantityUnit;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Organization-level adjustments: charges add, discounts subtract but never below zero. */
class AdjustmentsTest {

  static final PriceBook PRICES =
      PriceBook.of(
          List.of(
              Price.of(
                  "standard.compute",
                  "Standard compute",
                  QuantityUnit.VCPU_HOURS,
                  "0.10",
                  "2024-01-01")));

  /** 50 vCPU-h × 0.10 = 5.00 of usage on 3 April. */
  static RatingInput fiveDollarsOfUsage() {
    return RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 4))
        .withClusters(clusters(cluster("c-1", "prod")))
        .withUsage(
            List.of(DailyUsage.of("c-1", "standard.compute", LocalDate.parse("2024-04-03"), "50")));
  }

  static RatedInvoice rate(RatingInput input) {
    return new InvoiceAssembler(PRICES).assemble(input);
  }

  @Test
  void adjustmentsAddToTheTotalInTheGivenOrder() {
    RatedInvoice rated =
        rate(
            fiveDollarsOfUsage()
                .withAdjustments(
                    List.of(
                        Adjustment.of("Premium support", "100.00"),
                        Adjustment.of("Serverless free tier", "-15.00"))));

    assertThat(rated.invoice().adjustments())
        .containsExactly(
            new InvoiceAdjustment("Premium support", usd("100.00")),
            new InvoiceAdjustment("Serverless free tier", usd("-15.00")));
    assertThat(rated.invoice().totals()).containsExactly(usd("90.00")); // 5 + 100 − 15
  }

  @Test
  void aDiscountLargerThanTheChargesIsCappedAtThem() {
    RatedInvoice rated =
        rate(
            fiveDollarsOfUsage()
                .withAdjustments(
                    List.of(
                        Adjustment.of("Serverless free tier", "-15.00"),
                        Adjustment.of("Goodwill", "-3.00"))));

    // Only 5.00 was charged: the free tier applies −5.00 of its −15.00, leaving nothing for the
    // next.
    assertThat(rated.invoice().adjustments())
        .containsExactly(
            new InvoiceAdjustment("Serverless free tier", usd("-5.00")),
            new InvoiceAdjustment("Goodwill", usd("0.00")));
    assertThat(rated.invoice().totals()).containsExactly(usd("0.00"));
  }

  @Test
  void chargesCountBeforeDiscountsWhateverTheirOrder() {
    RatedInvoice rated =
        rate(
            fiveDollarsOfUsage()
                .withAdjustments(
                    List.of(
                        Adjustment.of("Serverless free tier", "-15.00"),
                        Adjustment.of("Premium support", "20.00"))));

    // The cap is against all charges (5 + 20), so the free tier applies in full.
    assertThat(rated.invoice().adjustments())
        .containsExactly(
            new InvoiceAdjustment("Serverless free tier", usd("-15.00")),
            new InvoiceAdjustment("Premium support", usd("20.00")));
    assertThat(rated.invoice().totals()).containsExactly(usd("10.00"));
  }

  @Test
  void creditsPayWhatIsLeftAfterDiscounts() {
    CreditGrant grant =
        CreditGrant.of("g", "100.00", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
    RatedInvoice rated =
        rate(
            fiveDollarsOfUsage()
                .withAdjustments(
                    List.of(
                        Adjustment.of("Premium support", "20.00"),
                        Adjustment.of("Serverless free tier", "-15.00")))
                .withCredits(List.of(GrantBalance.unused(grant))));

    // 5 + 20 − 15 = 10.00, all paid by credits on 1 April (the support charge and discount land
    // there)
    // and 3 April (the usage).
    assertThat(rated.credits().totalDrawn()).isEqualTo(dec("10.00"));
    assertThat(rated.invoice().totals()).containsExactly(usd("0.00"), credits("10.00"));
    assertThat(rated.invoice().balances()).containsExactly(credits("90.00"));
  }

  @Test
  void adjustmentsMustBeWholeCents() {
    assertThatThrownBy(() -> Adjustment.of("Odd", "1.005"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("adjustment \"Odd\" must be a whole number of cents");
    assertThat(Adjustment.of("Even", "1.5").amount()).isEqualTo(dec("1.50"));
  }
}
