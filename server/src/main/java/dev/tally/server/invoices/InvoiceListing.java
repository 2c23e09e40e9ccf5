package dev.tally.server.invoices;

import dev.tally.model.Invoice;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /api/v1/invoices} answers, in order of {@code period_start}, as read in one
 * transaction: stored FINALIZED invoices by id alone (they never change, so their bodies can come
 * from a cache or a later read, see {@link LiveInvoices#finalized}), live drafts the caller holds
 * at the current version by id, everything else in full (drafts rated live, imported drafts).
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

  /**
   * An invoice that may still change, in full: a live draft, with the version it was rated at, or
   * an imported draft.
   *
   * @param draftVersion present for a live draft
   */
  public record Full(Invoice invoice, Optional<DraftVersion> draftVersion) implements Entry {
    @Override
    public Instant periodStart() {
      return invoice.periodStart();
    }
  }

  /** A live draft that the caller said it holds, rated at {@code version}: not rated again. */
  public record CachedDraft(String invoiceId, Instant periodStart, DraftVersion version)
      implements Entry {}
}
