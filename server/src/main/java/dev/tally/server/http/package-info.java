/**
 * The HTTP face of Tally: the reference Billing API routes and the operator API, each route
 * declaring the permission it needs ({@link dev.tally.server.http.Access}), the limits on each key
 * and client ({@link dev.tally.server.http.HttpLimits}: request rates, failed authentications,
 * header and body deadlines), strict request parsing, and the rule that every non-2xx answer, from
 * a handler, the router or Jetty itself, is a reference {@code Status} JSON body with the matching
 * gRPC code and no internals.
 */
package dev.tally.server.http;
