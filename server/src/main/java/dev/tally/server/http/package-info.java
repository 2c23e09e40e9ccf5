/**
 * The HTTP face of Tally: the reference Billing API routes ({@link
 * dev.tally.server.http.InvoiceRoutes}), Tally's own read routes under {@code /tally/v1/} for the
 * console and scripts ({@link dev.tally.server.http.ExtensionRoutes}: organization, credits,
 * invoice PDF and CSV) and the operator API, each route declaring the permission it needs ({@link
 * dev.tally.server.http.Access}), strict request parsing, and the rule that every non-2xx answer,
 * from a handler, the router or Jetty itself, is a reference {@code Status} JSON body with the
 * matching gRPC code and no internals.
 */
package dev.tally.server.http;
