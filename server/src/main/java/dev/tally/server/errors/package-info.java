/**
 * How any layer says "this request cannot be served": {@link dev.tally.server.errors.Failure}
 * carries a gRPC code and a message fit for the caller, which the HTTP layer turns into a reference
 * {@code Status} body and the CLI into one line on stderr.
 */
package dev.tally.server.errors;
