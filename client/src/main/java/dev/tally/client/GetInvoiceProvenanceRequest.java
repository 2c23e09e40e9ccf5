package dev.tally.client;

import dev.tally.model.provenance.InvoiceProvenance;
import java.util.Objects;

/**
 * {@code GET /tally/v1/invoices/{invoice_id}/provenance}, a Tally extension outside the Billing
 * API's reference paths (CockroachDB Cloud does not serve it): where each line item and credit of
 * an invoice comes from. Made by {@link BillingApi#getInvoiceProvenance(String)}. Immutable.
 */
public final class GetInvoiceProvenanceRequest extends ApiRequest<InvoiceProvenance> {

  private final String invoiceId;

  GetInvoiceProvenanceRequest(HttpCaller caller, RequestOptions options, String invoiceId) {
    super(caller, options);
    Objects.requireNonNull(invoiceId, "invoiceId");
    if (invoiceId.isEmpty() || invoiceId.equals(".") || invoiceId.equals("..")) {
      throw new IllegalArgumentException("invoiceId cannot be \"" + invoiceId + "\"");
    }
    this.invoiceId = invoiceId;
  }

  /** {@return the invoice ID, unencoded} */
  public String invoiceId() {
    return invoiceId;
  }

  @Override
  public GetInvoiceProvenanceRequest options(RequestOptions options) {
    return new GetInvoiceProvenanceRequest(
        caller, Objects.requireNonNull(options, "options"), invoiceId);
  }

  @Override
  Call<InvoiceProvenance> call() {
    return new Call<>(
        "/tally/v1/invoices/" + UriEncoding.encode(invoiceId) + "/provenance",
        "",
        InvoiceProvenance.class);
  }

  /** The method and path, such as {@code GET /tally/v1/invoices/abc/provenance}. */
  @Override
  public String toString() {
    return "GET " + call().path();
  }
}
