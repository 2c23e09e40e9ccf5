package dev.tally.client;

/**
 * The Billing API's invoice endpoints, as the Go SDK's {@code BillingApi}. Get it from {@link
 * TallyClient#billing()}; each method returns a request to refine and then execute.
 *
 * <p>Callers need the {@code BILLING_COORDINATOR} or {@code CLUSTER_ADMIN} role at organization
 * scope.
 */
public final class BillingApi {

  private final HttpCaller caller;

  BillingApi(HttpCaller caller) {
    this.caller = caller;
  }

  /**
   * {@code GET /api/v1/invoices/{invoice_id}}: one billing period's invoice.
   *
   * @param invoiceId the invoice's ID; sent percent-encoded as one path segment
   * @return the request, to {@code execute()}
   * @throws IllegalArgumentException if the ID is empty, {@code "."} or {@code ".."}
   */
  public GetInvoiceRequest getInvoice(String invoiceId) {
    return new GetInvoiceRequest(caller, RequestOptions.none(), invoiceId);
  }

  /**
   * {@code GET /tally/v1/invoices/{invoice_id}/provenance} (Tally only, not CockroachDB Cloud):
   * where the invoice's amounts come from, day by day, to re-add with {@link InvoiceProof#check}.
   *
   * @param invoiceId the invoice's ID; sent percent-encoded as one path segment
   * @return the request, to {@code execute()}
   * @throws IllegalArgumentException if the ID is empty, {@code "."} or {@code ".."}
   */
  public GetInvoiceProvenanceRequest getInvoiceProvenance(String invoiceId) {
    return new GetInvoiceProvenanceRequest(caller, RequestOptions.none(), invoiceId);
  }

  /**
   * {@code GET /api/v1/invoices}: the organization's invoices, oldest billing period first. Without
   * filters: every finalized invoice from the organization's first billed month, and the running
   * month's {@code DRAFT} with the usage so far (as CockroachDB Cloud's API documentation says).
   *
   * @return the request, to filter and then {@code execute()}
   */
  public ListInvoicesRequest listInvoices() {
    return new ListInvoicesRequest(caller, RequestOptions.none(), null, null, null);
  }
}
