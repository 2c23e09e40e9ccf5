/**
 * The HTTP face of Tally: the reference Billing API routes, Tally's own read routes under {@code
 * /tally/v1/} ({@link dev.tally.server.http.ExtensionRoutes}), the operator API and Tally's OpenAPI
 * document describing them ({@link dev.tally.server.http.OpenApiRoutes}), each route declaring the
 * permission it needs ({@link dev.tally.server.http.Access}), the limits on each key and client
 * ({@link dev.tally.server.http.HttpLimits}: request rates, failed authentications, header and body
 * deadlines), strict request parsing, and the rule that every non-2xx answer, from a handler, the
 * router or Jetty itself, is a reference {@code Status} JSON body with the matching gRPC code and
 * no internals, and an answer given before its body is read is not lost to a reset ({@link
 * dev.tally.server.http.LingeringClose}). Request bodies being served share a bounded part of the
 * heap ({@link dev.tally.server.http.BodyMemory}). Also the operator's probes and metrics ({@link
 * dev.tally.server.http.OpsRoutes}: {@code /healthz}, {@code /readyz}, {@code /metrics}), request
 * ids ({@code X-Request-Id}) and the one log line per request ({@link
 * dev.tally.server.http.RequestLog}). The serving caches of invoice and list bodies, the hot reads
 * answered from them ahead of the router ({@link dev.tally.server.http.HotInvoiceReads}), and the
 * reads that fill them, shared by the requests that ask for one body at the same time ({@link
 * dev.tally.server.http.InvoiceRoutes}).
 */
package dev.tally.server.http;
