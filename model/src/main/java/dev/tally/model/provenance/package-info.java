/**
 * Where an invoice's amounts come from, as {@code GET /tally/v1/invoices/{invoice_id}/provenance}
 * sends it (docs/billing-model.md, "Provenance"): {@link
 * dev.tally.model.provenance.InvoiceProvenance} with one {@link
 * dev.tally.model.provenance.LineProvenance} per line item, each made of {@link
 * dev.tally.model.provenance.DayRow}s, and the credit draws as {@link
 * dev.tally.model.provenance.CreditDrawRow}s. Quantities, prices and amounts are exact decimal
 * strings on the wire, so that a reader in any language re-adds them exactly.
 */
package dev.tally.model.provenance;
