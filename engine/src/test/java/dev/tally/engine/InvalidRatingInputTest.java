package dev.tally.engine;

import static dev.tally.engine.Fixtures.cluster;
import static dev.tally.engine.Fixtures.clusters;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.model.BillingPeriod;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.QuantityUnit;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Input that cannot be rated fails as a whole, with a message naming the offending row. */
class InvalidRatingInputTest {

  static final PriceBook PRICES =
      PriceBook.of(
          List.of(
              Price.of(
                  "standard.compute",
                  "Standard compute",
                  QuantityUnit.VCPU_HOURS,
                  "0.10",
                  "2024-03-01")));

  static final InvoiceAssembler ASSEMBLER = new InvoiceAssembler(PRICES);

  static RatingInput april(DailyUsage... usage) {
    return RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 4))
        .withClusters(clusters(cluster("c-1", "prod")))
        .withUsage(List.of(usage));
  }

  @Test
  void usageOfAClusterWithoutSnapshotIsAnError() {
    assertThatThrownBy(
            () ->
                ASSEMBLER.assemble(
                    april(
                        DailyUsage.of(
                            "c-9", "standard.compute", LocalDate.parse("2024-04-02"), "1"))))
        .isInstanceOf(RatingException.class)
        .hasMessage(
            "usage of cluster c-9 (sku standard.compute, day 2024-04-02) but no snapshot of that cluster was given");
  }

  @Test
  void usageOutsideThePeriodIsAnError() {
    assertThatThrownBy(
            () ->
                ASSEMBLER.assemble(
                    april(
                        DailyUsage.of(
                            "c-1", "standard.compute", LocalDate.parse("2024-05-01"), "1"))))
        .isInstanceOf(RatingException.class)
        .hasMessage(
            "usage on 2024-05-01 (cluster c-1, sku standard.compute) is outside the period 2024-04");
  }

  @Test
  void usageOfAnUnknownSkuIsAnError() {
    assertThatThrownBy(
            () ->
                ASSEMBLER.assemble(
                    april(DailyUsage.of("c-1", "gpu.hours", LocalDate.parse("2024-04-02"), "1"))))
        .isInstanceOf(RatingException.class)
        .hasMessage("no price for sku gpu.hours on 2024-04-02 (cluster c-1, organization org_1)");
  }

  @Test
  void usageBeforeTheFirstPriceVersionIsAnError() {
    assertThatThrownBy(
            () ->
                ASSEMBLER.assemble(
                    RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 2))
                        .withClusters(clusters(cluster("c-1", "prod")))
                        .withUsage(
                            List.of(
                                DailyUsage.of(
                                    "c-1",
                                    "standard.compute",
                                    LocalDate.parse("2024-02-29"),
                                    "1")))))
        .isInstanceOf(RatingException.class)
        .hasMessageContaining("no price for sku standard.compute on 2024-02-29");
  }

  @Test
  void aGrantListedTwiceIsAnError() {
    CreditGrant grant =
        CreditGrant.of("g", "10.00", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
    assertThatThrownBy(
            () ->
                ASSEMBLER.assemble(
                    april()
                        .withCredits(
                            List.of(GrantBalance.unused(grant), GrantBalance.unused(grant)))))
        .isInstanceOf(RatingException.class)
        .hasMessage("credit grant g is listed twice");
  }

  @Test
  void aSnapshotFiledUnderAnotherIdIsAnError() {
    assertThatThrownBy(
            () -> ASSEMBLER.assemble(april().withClusters(Map.of("c-1", cluster("c-2", "prod")))))
        .isInstanceOf(RatingException.class)
        .hasMessage("cluster snapshot under key c-1 is of cluster c-2");
  }

  @Test
  void negativeUsageIsRejectedWhenTheRowIsMade() {
    assertThatThrownBy(
            () -> DailyUsage.of("c-1", "standard.compute", LocalDate.parse("2024-04-02"), "-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("usage quantity must not be negative, was -1");
  }

  @Test
  void anUnknownStatusIsRejected() {
    assertThatThrownBy(() -> april().withStatus(InvoiceStatus.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be DRAFT or FINALIZED");
  }
}
