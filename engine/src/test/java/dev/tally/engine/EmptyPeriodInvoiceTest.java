package dev.tally.engine;

import static dev.tally.engine.Fixtures.credits;
import static dev.tally.engine.Fixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.BillingPeriod;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.OpenEnum;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An organization with no usage still gets a complete invoice. */
class EmptyPeriodInvoiceTest {

  @Test
  void noUsageGivesNoItemsAZeroUsdTotalAndTheCreditBalance() {
    CreditGrant grant =
        CreditGrant.of("g", "40.00", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z");

    Invoice invoice =
        new InvoiceAssembler(PriceBook.of(List.of()))
            .assemble(
                RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 2))
                    .withCredits(List.of(GrantBalance.unused(grant))))
            .invoice();

    assertThat(invoice)
        .isEqualTo(
            new Invoice(
                "inv_org_1_2024-02",
                Instant.parse("2024-02-01T00:00:00Z"),
                Instant.parse("2024-03-01T00:00:00Z"),
                OpenEnum.of(InvoiceStatus.DRAFT),
                List.of(usd("0.00")),
                List.of(credits("40.00")),
                List.of(),
                List.of(),
                List.of()));
  }

  @Test
  void withoutGrantsTheBalanceIsZero() {
    Invoice invoice =
        new InvoiceAssembler(PriceBook.of(List.of()))
            .assemble(
                RatingInput.forPeriod("org_1", BillingPeriod.of(2024, 2))
                    .withStatus(InvoiceStatus.FINALIZED))
            .invoice();

    assertThat(invoice.status()).isEqualTo(OpenEnum.of(InvoiceStatus.FINALIZED));
    assertThat(invoice.totals()).containsExactly(usd("0.00"));
    assertThat(invoice.balances()).containsExactly(credits("0.00"));
  }
}
