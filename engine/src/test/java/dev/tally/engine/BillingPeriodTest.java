package dev.tally.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A billing period is a calendar month in UTC, [start, end). */
class BillingPeriodTest {

  @Test
  void aPeriodRunsFromMidnightUtcOnTheFirstToMidnightUtcOnTheNextFirst() {
    BillingPeriod february = BillingPeriod.of(2024, 2);

    assertThat(february.start()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    assertThat(february.end()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(february.lengthInDays()).isEqualTo(29);
    assertThat(february.days()).hasSize(29).startsWith(LocalDate.parse("2024-02-01")).endsWith(LocalDate.parse("2024-02-29"));
    assertThat(BillingPeriod.of(2024, 12).end()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  void theLastInstantOfAMonthBelongsToIt() {
    assertThat(BillingPeriod.containing(Instant.parse("2024-02-29T23:59:59.999Z"))).isEqualTo(BillingPeriod.of(2024, 2));
    assertThat(BillingPeriod.containing(Instant.parse("2024-03-01T00:00:00Z"))).isEqualTo(BillingPeriod.of(2024, 3));
  }

  @Test
  void theDefaultInvoiceIdNamesTheOrganizationAndMonth() {
    assertThat(InvoiceIds.monthly("org_acme", BillingPeriod.of(2024, 4))).isEqualTo("inv_org_acme_2024-04");
    assertThat(RatingInput.forPeriod("org_acme", BillingPeriod.of(2024, 4)).invoiceId()).isEqualTo("inv_org_acme_2024-04");
  }
}
