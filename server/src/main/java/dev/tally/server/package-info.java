/**
 * The Tally server. {@link dev.tally.server.Tally} opens the database and wires the orchestrators;
 * {@link dev.tally.server.App} serves the HTTP API over it and runs the automatic close. Features
 * live in their own packages, each saying which tables it owns.
 */
package dev.tally.server;
