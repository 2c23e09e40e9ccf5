/**
 * The HTTP face of Tally: the reference Billing API routes, the operator API and Tally's OpenAPI
 * document describing them ({@link dev.tally.server.http.OpenApiRoutes}), each route declaring the
 * permission it needs ({@link dev.tally.server.http.Access}), strict request parsing, and the rule
 * that every non-2xx answer, from a handler, the router or Jetty itself, is a reference {@code
 * Status} JSON body with the matching gRPC code and no internals.
 */
package dev.tally.server.http;
