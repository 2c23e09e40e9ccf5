/**
 * The {@code tally} executable's commands: {@link dev.tally.cli.Main} and one picocli command class
 * per command or group. {@code serve} and {@code demo} run the server; {@code orgs}, {@code
 * clusters}, {@code service-accounts}, {@code api-keys}, {@code operator-keys}, {@code prices},
 * {@code credits}, {@code adjustments}, {@code invoices import}, {@code invoices close} and {@code
 * invoices verify} act directly on the database the server uses, one that exists (only {@code
 * serve} and {@code demo} make a new embedded one); {@code invoices list} and {@code invoices get}
 * call the Billing API over HTTP with the SDK, and {@code usage import} calls the operator API with
 * the SDK ({@code operator().ingestUsage}), as any client would.
 *
 * <p>Every failure is one line on stderr and an exit code that says its class ({@link
 * dev.tally.cli.ExitCode}); {@code ApiErrorMessage} and {@code DatabaseErrorMessage} put an
 * unreachable server or database in Tally's words. The rooms below hold what the commands use:
 * {@code usage} reads usage files and sends them, {@code format} prints tables, CSV and JSON,
 * {@code options} holds the options and credentials that commands share.
 */
package dev.tally.cli;
