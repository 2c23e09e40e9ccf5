/**
 * The Tally Java SDK: a client for the Billing API ({@code GET /api/v1/invoices} and
 * {@code GET /api/v1/invoices/{invoice_id}}), wire-compatible with the CockroachDB Cloud Billing API.
 *
 * <p>Start at {@link dev.tally.client.TallyClient}. Responses are the records of the wire model
 * module, which this module re-exports to its readers.
 */
module dev.tally.client {
  requires transitive dev.tally.model;
  requires transitive java.net.http;
  requires com.fasterxml.jackson.databind;

  exports dev.tally.client;
}
