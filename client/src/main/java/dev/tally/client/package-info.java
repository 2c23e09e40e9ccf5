/**
 * The Tally Java SDK: the client, its requests and options, and the exceptions it throws.
 *
 * <p>This package owns everything a caller of the Billing API touches on the Java side:
 *
 * <ul>
 *   <li>{@link dev.tally.client.TallyClient} and its builder: base URL, API key, {@code
 *       Cc-Version}, timeouts, retries, the {@link java.net.http.HttpClient} in use. Immutable and
 *       thread-safe.
 *   <li>{@link dev.tally.client.BillingApi} and its requests ({@link
 *       dev.tally.client.GetInvoiceRequest}, {@link dev.tally.client.ListInvoicesRequest}), each
 *       run with {@code execute()}, {@code executeAsync()} or {@code executeWithResponse()}.
 *   <li>{@link dev.tally.client.OperatorApi} and its {@link dev.tally.client.OperatorRequest}s: a
 *       Tally server's operator API (usage ingestion, price book, period close, credit grants,
 *       adjustments), with the operator key, on the same HTTP core; idempotent requests are retried
 *       like GETs, the others only when they never left.
 *   <li>{@link dev.tally.client.RequestOptions}: per-request overrides of the client's settings.
 *   <li>{@link dev.tally.client.ApiResponse}: a model with the HTTP status and headers it came
 *       with.
 *   <li>The unchecked exception hierarchy under {@link dev.tally.client.TallyException}: API errors
 *       ({@link dev.tally.client.ApiException} and its subtypes, one per HTTP status class),
 *       transport failures ({@link dev.tally.client.TransportException}) and answers that are not
 *       the API's JSON ({@link dev.tally.client.UnexpectedResponseException}).
 * </ul>
 *
 * <p>It does not own the JSON shapes: invoices, amounts, clusters and the error body are the
 * records of {@code dev.tally.model}, the operator API's bodies those of {@code
 * dev.tally.model.operator}, read and written with the shared {@link dev.tally.model.WireJson}
 * configuration, so amounts are exact {@link java.math.BigDecimal}s and unknown enum values survive
 * as {@code UNKNOWN}.
 *
 * <p>Logging goes through {@link java.lang.System.Logger} named {@code dev.tally.client}, at {@code
 * DEBUG} only; credentials are never logged.
 */
package dev.tally.client;
