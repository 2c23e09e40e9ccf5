package dev.tally.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.BillingPeriod;
import org.junit.jupiter.api.Test;

class InvoiceIdsTest {

  @Test
  void theDefaultInvoiceIdNamesTheOrganizationAndMonth() {
    assertThat(InvoiceIds.monthly("org_acme", BillingPeriod.of(2024, 4)))
        .isEqualTo("inv_org_acme_2024-04");
    assertThat(RatingInput.forPeriod("org_acme", BillingPeriod.of(2024, 4)).invoiceId())
        .isEqualTo("inv_org_acme_2024-04");
  }
}
