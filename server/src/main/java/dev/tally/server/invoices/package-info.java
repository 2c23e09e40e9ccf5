/**
 * Invoices: {@link dev.tally.server.invoices.InvoiceDocuments} owns {@code invoices}, the stored
 * reference {@code Invoice} documents (finalized, or imported after {@link
 * dev.tally.server.invoices.InvoiceImport} checked them), and beside each invoice the close
 * finalized, its rating record, what it was computed from, and its digest ({@link
 * dev.tally.server.invoices.InvoiceSeal} makes them at the close; {@link
 * dev.tally.server.invoices.InvoiceVerifier} re-rates and compares; {@link
 * dev.tally.server.invoices.DigestChain} derives a digest again from what is stored, for
 * provenance). The orchestrators over the owners live here too: {@link
 * dev.tally.server.invoices.LiveInvoices} (what the API serves, with live drafts, and where each
 * amount comes from), {@link dev.tally.server.invoices.PeriodClose} and its scheduler (finalizing
 * months), and {@link dev.tally.server.invoices.PriceBookLoader} (a new price book, never one that
 * breaks an open invoice).
 */
package dev.tally.server.invoices;
