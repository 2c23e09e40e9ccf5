/**
 * Invoices as the API serves them: stored whole as reference {@code Invoice} documents, listed by
 * the reference's window semantics ({@link dev.tally.server.invoices.InvoiceWindow}), and imported
 * from files with validation ({@link dev.tally.server.invoices.InvoiceImport}).
 */
package dev.tally.server.invoices;
