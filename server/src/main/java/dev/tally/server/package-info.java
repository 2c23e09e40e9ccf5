/**
 * The Tally server. {@link dev.tally.server.Tally} opens the database and wires the orchestrators;
 * {@link dev.tally.server.App} serves the HTTP API over it and runs the automatic close, and stops
 * both gracefully. Each Tally has its own metrics registry, handed explicitly to what reports to it
 * ({@code metrics}); there is no global one. Features live in their own packages, each saying which
 * tables it owns.
 */
package dev.tally.server;
