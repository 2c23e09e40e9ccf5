package dev.tally.client;

import dev.tally.model.Invoice;
import java.util.Objects;

/**
 * {@code GET /api/v1/invoices/{invoice_id}}. Made by {@link BillingApi#getInvoice(String)}.
 * Immutable.
 */
public final class GetInvoiceRequest extends ApiRequest<Invoice> {

  private final String invoiceId;

  GetInvoiceRequest(HttpCaller caller, RequestOptions options, String invoiceId) {
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
  public GetInvoiceRequest options(RequestOptions options) {
    return new GetInvoiceRequest(caller, Objects.requireNonNull(options, "options"), invoiceId);
  }

  @Override
  Call<Invoice> call() {
    return new Call<>("/api/v1/invoices/" + UriEncoding.encode(invoiceId), "", Invoice.class);
  }

  /** The method and path, such as {@code GET /api/v1/invoices/abc}. */
  @Override
  public String toString() {
    return "GET " + call().path();
  }
}
