package dev.tally.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.client.NotFoundException;
import dev.tally.client.PermissionDeniedException;
import dev.tally.client.TallyClient;
import dev.tally.model.Invoice;
import dev.tally.model.extensions.BillingContact;
import dev.tally.model.extensions.CreditsOverview;
import dev.tally.model.extensions.OrganizationProfile;
import dev.tally.server.orgs.BillingContactRules;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SDK's {@code extensions()} against a real server: organization, credits, PDF and CSV. */
class ExtensionsApiTest {

  private static SeededServer seeded;
  private static TallyClient tally;
  private static final BillingContact CONTACT =
      BillingContactRules.require("Acme Billing", "1 Road\nTown", "ap@acme.example");

  @BeforeAll
  static void start() {
    seeded = SeededServer.embedded();
    seeded.server.write(
        db -> db.organizations().updateBillingContact(seeded.acme.orgId(), CONTACT));
    seeded.server.write(
        db ->
            db.creditGrants()
                .grant(
                    seeded.acme.orgId(),
                    new BigDecimal("300.00"),
                    Instant.parse("2026-02-01T00:00:00Z"),
                    Instant.parse("2027-02-01T00:00:00Z"),
                    seeded.server.clock().instant()));
    tally = seeded.client();
  }

  @AfterAll
  static void stop() {
    tally.close();
    seeded.close();
  }

  @Test
  void theOrganizationComesWithItsBillingContact() {
    OrganizationProfile org = tally.extensions().organization().execute();
    assertThat(org.id()).isEqualTo(seeded.acme.orgId());
    assertThat(org.name()).isEqualTo("Acme");
    assertThat(org.billingContact()).isEqualTo(CONTACT);
  }

  @Test
  void creditsListTheGrantsInDrawOrder() {
    CreditsOverview credits = tally.extensions().credits().execute();
    assertThat(credits.currency()).isEqualTo("USD");
    assertThat(credits.grants()).hasSize(1);
    assertThat(credits.grants().get(0).amount()).isEqualByComparingTo("300.00");
    assertThat(credits.grants().get(0).expiresAt())
        .isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
  }

  @Test
  void theInvoiceDownloadsAsPdfAndCsvBytes() throws Exception {
    Invoice invoice = seeded.invoices.get(SeededServer.FIRST);
    byte[] pdf = tally.extensions().invoicePdf(invoice.invoiceId()).execute();
    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(new PDFTextStripper().getText(document))
          .contains(invoice.invoiceId())
          .contains("Acme Billing");
    }
    String csv =
        new String(
            tally.extensions().invoiceCsv(invoice.invoiceId()).execute(), StandardCharsets.UTF_8);
    assertThat(csv).startsWith("invoice_id,period,").contains(invoice.invoiceId() + ",2026-01,");
  }

  @Test
  void anotherOrganizationsInvoiceIsNotFoundAndAForbiddenKeyIsDenied() {
    assertThatThrownBy(
            () -> tally.extensions().invoicePdf(seeded.umbrellaInvoice.invoiceId()).execute())
        .isInstanceOf(NotFoundException.class);
    String noRoles = seeded.acme.key();
    try (TallyClient forbidden =
        TallyClient.builder().baseUrl(seeded.url()).apiKey(noRoles).maxRetries(0).build()) {
      assertThatThrownBy(() -> forbidden.extensions().credits().execute())
          .isInstanceOf(PermissionDeniedException.class);
    }
  }
}
