/**
 * The Tally server: {@link dev.tally.server.App} wires storage, access control and the HTTP API
 * together, and {@link dev.tally.server.errors.Failure} is the one way any layer says "this request is
 * wrong" so that it reaches the caller as a reference {@code Status} body or a one-line CLI error.
 */
package dev.tally.server;
