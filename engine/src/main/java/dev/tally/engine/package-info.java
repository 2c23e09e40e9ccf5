/**
 * The invoice engine: turns one organization's usage for one calendar month into an exact {@link
 * dev.tally.model.Invoice}. It is pure: no database, no HTTP, no clock, no global state. The server
 * gathers the inputs ({@link dev.tally.engine.RatingInput}) and persists the outputs ({@link
 * dev.tally.engine.RatedInvoice}); {@link dev.tally.engine.InvoiceAssembler#assemble} is the one
 * entry point in between.
 *
 * <p>This package owns:
 *
 * <ul>
 *   <li>pricing: {@link dev.tally.engine.PriceBook} of versioned list {@link
 *       dev.tally.engine.Price}s and per-organization {@link dev.tally.engine.PriceOverride}s, and
 *       its versioned JSON file format ({@link dev.tally.engine.PriceBookFile});
 *   <li>rating: {@link dev.tally.engine.DailyUsage} priced into line items, one per (SKU, unit
 *       price), per cluster;
 *   <li>rounding, which happens in exactly one place: {@link dev.tally.engine.Cents} (amounts that
 *       must already be whole cents are checked by {@link dev.tally.model.Money}, never rounded);
 *   <li>organization-level {@link dev.tally.engine.Adjustment}s and prepaid credits ({@link
 *       dev.tally.engine.CreditGrant}, drawn down into a {@link dev.tally.engine.CreditLedger});
 *   <li>verifiable invoices: the {@link dev.tally.engine.RatingRecord} a finalized invoice keeps,
 *       its {@link dev.tally.engine.InvoiceDigest}, and line-item {@link
 *       dev.tally.engine.Provenance}.
 * </ul>
 *
 * <p>{@code docs/billing-model.md} states the semantics in full, with a worked example that {@code
 * BillingModelWorkedExampleTest} checks to the cent.
 */
package dev.tally.engine;
