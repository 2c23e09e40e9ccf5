package dev.tally.examples;

import dev.tally.client.TallyClient;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;

/**
 * The README's first example: what was paid each month. One line per finalized invoice and
 * currency, such as {@code 2026-09-01T00:00:00Z 1190.07 USD}.
 *
 * <p>Run it with the server's URL in {@code TALLY_URL} and the API key in {@code TALLY_API_KEY},
 * which the client reads by itself, so the key never appears in the code or on a command line.
 */
public final class ListInvoices {

  private ListInvoices() {}

  public static void main(String[] args) {
    try (TallyClient tally = TallyClient.builder().baseUrl(System.getenv("TALLY_URL")).build()) {
      var finalized = tally.billing().listInvoices().status(InvoiceStatus.FINALIZED).execute();
      for (Invoice invoice : finalized.invoices()) {
        for (CurrencyAmount sum : invoice.totals()) {
          System.out.println(invoice.periodStart() + "  " + sum.amount() + " " + sum.currency());
        }
      }
    }
  }
}
