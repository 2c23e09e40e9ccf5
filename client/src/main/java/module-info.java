/**
 * The Tally Java SDK: a client for the Billing API ({@code GET /api/v1/invoices} and {@code GET
 * /api/v1/invoices/{invoice_id}}), wire-compatible with the CockroachDB Cloud Billing API, and for
 * a Tally server's operator API ({@code /operator/v1/...}).
 *
 * <p>Start at {@link dev.tally.client.TallyClient}. Requests and responses are the records of the
 * wire model module ({@code dev.tally.model}, {@code dev.tally.model.operator}), which this module
 * re-exports to its readers.
 */
module dev.tally.client {
  requires transitive dev.tally.model;
  requires transitive java.net.http;
  requires com.fasterxml.jackson.databind;

  exports dev.tally.client;
}
