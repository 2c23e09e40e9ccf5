package dev.tally.engine;

import dev.tally.model.Invoice;
import java.util.Objects;

/**
 * What rating a period produces: the invoice to serve, and the credit ledger behind its "Credits
 * applied" adjustment, which the server persists when (and only when) it finalizes the invoice.
 */
public record RatedInvoice(Invoice invoice, CreditLedger credits) {

  public RatedInvoice {
    Objects.requireNonNull(invoice, "invoice");
    Objects.requireNonNull(credits, "credits");
  }
}
