/**
 * The invoice engine's persistent side: the price book in force, credit grants and their draws,
 * adjustments, computed draft invoices, and the period close that finalizes a month exactly once.
 * The arithmetic itself lives in the pure {@code dev.tally.engine} engine.
 */
package dev.tally.server.billing;
