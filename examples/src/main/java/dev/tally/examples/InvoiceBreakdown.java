package dev.tally.examples;

import dev.tally.client.NotFoundException;
import dev.tally.client.TallyClient;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceItem;

/**
 * The README's second example: what one invoice was made of, one line per cluster, such as {@code
 * checkout 559.12 USD}; and how a failure reads, since every failure is a subtype of {@code
 * TallyException}.
 *
 * <p>Run it with an invoice ID as its argument, the server's URL in {@code TALLY_URL} and the API
 * key in {@code TALLY_API_KEY}.
 */
public final class InvoiceBreakdown {

  private InvoiceBreakdown() {}

  public static void main(String[] args) {
    try (TallyClient tally = TallyClient.builder().baseUrl(System.getenv("TALLY_URL")).build()) {
      Invoice invoice = tally.billing().getInvoice(args[0]).execute();
      for (InvoiceItem item : invoice.invoiceItems()) {
        for (CurrencyAmount sum : item.totals()) {
          System.out.println(item.cluster().name() + "  " + sum.amount() + " " + sum.currency());
        }
      }
    } catch (NotFoundException e) {
      System.err.println("no invoice " + args[0] + ": " + e.serverMessage());
      System.exit(3);
    }
  }
}
