package dev.tally.client;

import dev.tally.model.extensions.CreditsOverview;
import dev.tally.model.extensions.OrganizationProfile;
import java.util.Objects;

/**
 * A Tally server's own read routes, outside the CockroachDB Cloud Billing API's paths (so they work
 * against Tally only). Get it from {@link TallyClient#extensions()}. They take the API key and the
 * same role as the Billing API: {@code BILLING_COORDINATOR} or {@code CLUSTER_ADMIN} at
 * organization scope; another organization's invoice is a {@link NotFoundException}, like one that
 * does not exist.
 *
 * <pre>{@code
 * byte[] pdf = tally.extensions().invoicePdf("inv_acme_2026-10").execute();
 * Files.write(Path.of("inv_acme_2026-10.pdf"), pdf);
 * }</pre>
 */
public final class ExtensionsApi {

  private final HttpCaller caller;

  ExtensionsApi(HttpCaller caller) {
    this.caller = caller;
  }

  /** {@code GET /tally/v1/organization}: the caller's organization and its billing contact. */
  public ExtensionRequest<OrganizationProfile> organization() {
    return request(new Call<>("/tally/v1/organization", "", OrganizationProfile.class));
  }

  /**
   * {@code GET /tally/v1/credits}: prepaid credits available now, the average drawn per day over
   * the last 30 days, and the grants in the order they are drawn.
   */
  public ExtensionRequest<CreditsOverview> credits() {
    return request(new Call<>("/tally/v1/credits", "", CreditsOverview.class));
  }

  /**
   * {@code GET /tally/v1/invoices/{invoice_id}/pdf}: the invoice as a printable PDF (a draft
   * watermarked "DRAFT").
   *
   * @param invoiceId the invoice's ID; sent percent-encoded as one path segment
   * @return the request; it executes to the PDF's bytes
   * @throws IllegalArgumentException if the ID is empty, {@code "."} or {@code ".."}
   */
  public ExtensionRequest<byte[]> invoicePdf(String invoiceId) {
    return document(invoiceId, "pdf");
  }

  /**
   * {@code GET /tally/v1/invoices/{invoice_id}/csv}: the invoice's line items and adjustments as
   * CSV (UTF-8), whose {@code amount} column sums, per currency, to the invoice's totals.
   *
   * @param invoiceId the invoice's ID; sent percent-encoded as one path segment
   * @return the request; it executes to the CSV's bytes
   * @throws IllegalArgumentException if the ID is empty, {@code "."} or {@code ".."}
   */
  public ExtensionRequest<byte[]> invoiceCsv(String invoiceId) {
    return document(invoiceId, "csv");
  }

  private ExtensionRequest<byte[]> document(String invoiceId, String format) {
    Objects.requireNonNull(invoiceId, "invoiceId");
    if (invoiceId.isEmpty() || invoiceId.equals(".") || invoiceId.equals("..")) {
      throw new IllegalArgumentException("invoiceId cannot be \"" + invoiceId + "\"");
    }
    return request(
        new Call<>(
            "/tally/v1/invoices/" + UriEncoding.encode(invoiceId) + "/" + format,
            "",
            byte[].class));
  }

  private <T> ExtensionRequest<T> request(Call<T> call) {
    return new ExtensionRequest<>(caller, RequestOptions.none(), call);
  }
}
