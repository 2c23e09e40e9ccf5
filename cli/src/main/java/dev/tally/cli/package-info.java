/**
 * The {@code tally} executable: {@code serve} and {@code demo} run the server; the operator commands
 * ({@code orgs}, {@code clusters}, {@code service-accounts}, {@code api-keys}, {@code invoices import})
 * act directly on the database the server uses; {@code invoices list} and {@code invoices get} call the
 * Billing API over HTTP with the SDK, as any API client would. Every failure is one line on stderr and
 * an exit code that says its class.
 */
package dev.tally.cli;
