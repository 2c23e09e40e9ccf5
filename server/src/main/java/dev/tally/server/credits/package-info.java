/**
 * What changes an invoice besides usage: prepaid credit grants and the draws finalized invoices
 * made on them ({@link dev.tally.server.credits.CreditGrants}), and named per-period adjustments
 * ({@link dev.tally.server.credits.Adjustments}).
 */
package dev.tally.server.credits;
