/**
 * The invoice engine: turns one organization's usage for one calendar month into an exact
 * {@link dev.tally.model.Invoice}. It is pure: no database, no HTTP, no clock, no global state. The
 * server gathers the inputs ({@link dev.tally.billing.RatingInput}) and persists the outputs
 * ({@link dev.tally.billing.RatedInvoice}); {@link dev.tally.billing.InvoiceAssembler#assemble} is
 * the one entry point in between.
 *
 * <p>This package owns:
 *
 * <ul>
 *   <li>pricing: {@link dev.tally.billing.PriceBook} of versioned list {@link dev.tally.billing.Price}s
 *       and per-organization {@link dev.tally.billing.PriceOverride}s, and its versioned JSON file
 *       format ({@link dev.tally.billing.PriceBookFile});
 *   <li>rating: {@link dev.tally.billing.DailyUsage} priced into line items, one per (SKU, unit
 *       price), per cluster;
 *   <li>rounding, which happens in exactly one place: {@link dev.tally.billing.Cents};
 *   <li>organization-level {@link dev.tally.billing.Adjustment}s and prepaid credits
 *       ({@link dev.tally.billing.CreditGrant}, drawn down into a {@link dev.tally.billing.CreditLedger}).
 * </ul>
 *
 * <p>{@code docs/billing-model.md} states the semantics in full, with a worked example that
 * {@code BillingModelWorkedExampleTest} checks to the cent.
 */
package dev.tally.billing;
