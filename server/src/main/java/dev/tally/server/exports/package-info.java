/**
 * Invoices as documents a person downloads: {@link dev.tally.server.exports.InvoicePdf} (a
 * printable invoice, rendered with Apache PDFBox) and {@link dev.tally.server.exports.InvoiceCsv}
 * (one row per line item and adjustment, written with Apache Commons CSV), served by {@code
 * http.ExtensionRoutes} at {@code /tally/v1/invoices/{invoice_id}/pdf} and {@code .../csv}. Pure
 * functions of the reference {@code Invoice} and the organization: no I/O, no database, no money
 * arithmetic beyond adding amounts that are already whole cents for display.
 */
package dev.tally.server.exports;
