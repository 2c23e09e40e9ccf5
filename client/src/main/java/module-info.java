/**
 * The Tally Java SDK: a client for the Billing API ({@code GET /api/v1/invoices} and {@code GET
 * /api/v1/invoices/{invoice_id}}), wire-compatible with the CockroachDB Cloud Billing API, for a
 * Tally server's own read routes ({@code /tally/v1/...}: organization, credits, invoice PDF and
 * CSV) and for its operator API ({@code /operator/v1/...}).
 *
 * <p>Start at {@link dev.tally.client.TallyClient}. Requests and responses are the records of the
 * wire model module ({@code dev.tally.model}, {@code dev.tally.model.operator}, {@code
 * dev.tally.model.extensions}), which this module re-exports to its readers.
 */
module dev.tally.client {
  requires transitive dev.tally.model;
  requires transitive java.net.http;
  requires com.fasterxml.jackson.databind;

  exports dev.tally.client;
}
