package dev.tally.examples;

import dev.tally.client.InvoiceProof;
import dev.tally.client.TallyClient;
import dev.tally.model.Invoice;
import dev.tally.model.provenance.InvoiceProvenance;

/**
 * A customer's own check of every invoice (docs/billing-model.md, "Provenance"): fetches each
 * invoice with its provenance and re-adds it with {@code InvoiceProof}, trusting none of the
 * server's totals. Prints one line per invoice, such as {@code inv_demo-org_2026-10 adds up (9 line
 * items, 279 days)}, or its problems, and exits 1 if any invoice does not add up.
 *
 * <p>Run it with the server's URL in {@code TALLY_URL} and the API key in {@code TALLY_API_KEY},
 * for instance against {@code bin/tally demo} with {@code bin/example CheckInvoices}.
 */
public final class CheckInvoices {

  private CheckInvoices() {}

  public static void main(String[] args) {
    boolean allHold = true;
    try (TallyClient tally = TallyClient.builder().baseUrl(System.getenv("TALLY_URL")).build()) {
      for (Invoice invoice : tally.billing().listInvoices().execute().invoices()) {
        InvoiceProvenance provenance =
            tally.billing().getInvoiceProvenance(invoice.invoiceId()).execute();
        InvoiceProof proof = InvoiceProof.check(invoice, provenance);
        if (proof.holds()) {
          System.out.println(
              invoice.invoiceId()
                  + "  adds up ("
                  + proof.lineItems()
                  + " line items, "
                  + proof.days()
                  + " days)");
        } else {
          allHold = false;
          System.out.println(invoice.invoiceId() + "  DOES NOT ADD UP: " + proof.problems());
        }
      }
    }
    System.exit(allHold ? 0 : 1);
  }
}
