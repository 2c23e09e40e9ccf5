/**
 * The wire model of the operator API ({@code /operator/v1/...}), for the platform's own metering
 * pipeline and tools: one record per request and answer body, read and written with {@link
 * dev.tally.model.WireJson} like the Billing API's records. Server, SDK and CLI share them, so they
 * cannot drift apart.
 *
 * <table>
 *   <caption>Routes and their bodies</caption>
 *   <tr><th>route</th><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code POST /operator/v1/usage-events}</td>
 *       <td>{@link dev.tally.model.operator.IngestUsageRequest} of
 *           {@link dev.tally.model.operator.UsageEvent}s</td>
 *       <td>{@link dev.tally.model.operator.IngestUsageResponse} with
 *           {@link dev.tally.model.operator.RejectedEvent}s</td></tr>
 *   <tr><td>{@code PUT /operator/v1/price-book}</td><td>a price book file (the engine's
 *       {@code PriceBookFile} format)</td>
 *       <td>{@link dev.tally.model.operator.PriceBookRevision}</td></tr>
 *   <tr><td>{@code POST /operator/v1/periods/{YYYY-MM}/close}</td><td>none</td>
 *       <td>{@link dev.tally.model.operator.PeriodCloseSummary}</td></tr>
 *   <tr><td>{@code POST /operator/v1/organizations/{id}/credit-grants}</td>
 *       <td>{@link dev.tally.model.operator.CreditGrantRequest}</td>
 *       <td>201, {@link dev.tally.model.operator.CreditGrantResponse}</td></tr>
 *   <tr><td>{@code POST /operator/v1/organizations/{id}/adjustments}</td>
 *       <td>{@link dev.tally.model.operator.AdjustmentRequest}</td>
 *       <td>201, {@link dev.tally.model.operator.AdjustmentResponse}</td></tr>
 * </table>
 *
 * <p>Field names are snake_case. Money and quantities are exact {@link java.math.BigDecimal}s,
 * written as plain JSON numbers and read from numbers or strings; times are {@link
 * java.time.Instant}s, written as RFC 3339 in UTC and read with the strict {@link
 * dev.tally.model.Rfc3339}; a billing period is the string {@code YYYY-MM}. Errors are the Billing
 * API's {@link dev.tally.model.Status} body.
 */
package dev.tally.model.operator;
