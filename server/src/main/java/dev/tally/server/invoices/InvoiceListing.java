package dev.tally.server.invoices;

import dev.tally.model.Invoice;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/v1/invoices} answers, in order of {@code period_start}, as read in one
 * transaction: stored FINALIZED invoices by id alone (they never change, so their bodies can come
 * from a cache or a later read, see {@link LiveInvoices#finalized}), everything else in full
 * (drafts rated live, imported drafts).
 *
 * @param entries by period start, ascending
 */
public record InvoiceListing(List<Entry> entries) {

  public InvoiceListing {
    entries = List.copyOf(entries);
  }

  /** One invoice of the list. */
  public sealed interface Entry {
    Instant periodStart();
  }

  /** A stored FINALIZED invoice, named by its id. */
  public record Finalized(String invoiceId, Instant periodStart) implements Entry {}

  /** An invoice that may still change: a live draft or an imported draft. */
  public record Full(Invoice invoice) implements Entry {
    @Override
    public Instant periodStart() {
      return invoice.periodStart();
    }
  }
}
