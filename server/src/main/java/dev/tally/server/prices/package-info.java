/**
 * The price book: {@link dev.tally.server.prices.PriceBooks} owns the stored revisions and {@link
 * dev.tally.server.prices.PriceBookCache} keeps the one in force parsed. Loading a new one is
 * {@code invoices.PriceBookLoader}'s job, since it must not break any invoice still open.
 */
package dev.tally.server.prices;
