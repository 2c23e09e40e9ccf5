package dev.tally.client;

import dev.tally.client.Call.Credential;
import dev.tally.client.Call.Retry;
import dev.tally.model.BillingPeriod;
import dev.tally.model.WireJson;
import dev.tally.model.operator.AdjustmentRequest;
import dev.tally.model.operator.AdjustmentResponse;
import dev.tally.model.operator.CreditGrantRequest;
import dev.tally.model.operator.CreditGrantResponse;
import dev.tally.model.operator.IngestUsageRequest;
import dev.tally.model.operator.IngestUsageResponse;
import dev.tally.model.operator.PeriodCloseSummary;
import dev.tally.model.operator.PriceBookRevision;
import dev.tally.model.operator.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A Tally server's operator API ({@code /operator/v1/...}), for the platform's own metering
 * pipeline and tools. Get it from {@link TallyClient#operator()}; each method returns a request to
 * run with {@code execute()}, {@code executeWithResponse()} or {@code executeAsync()}, on the same
 * HTTP core, options and exceptions as the Billing API's. Bodies and answers are the records of
 * {@code dev.tally.model.operator}.
 *
 * <p>Every request carries the operator key (see {@link TallyClient}: {@link
 * TallyClient.Builder#operatorKey} or {@value TallyClient#OPERATOR_KEY_ENV}); a request without one
 * throws {@link IllegalStateException} before anything is sent. A rejected key is an {@link
 * UnauthenticatedException}, an invalid body a {@link BadRequestException}.
 *
 * <h2>Which requests are retried</h2>
 *
 * <ul>
 *   <li>Retried like a GET (connection failures, timeouts, 408, 429, 502, 503, 504), since running
 *       them twice changes nothing: {@link #ingestUsage} (the server counts each {@code event_id}
 *       once; a replay answers the events as {@code duplicates}), {@link #loadPriceBook} (a {@code
 *       PUT}: loading the book already in force answers its revision again without adding one) and
 *       {@link #closePeriod} (closing a closed month finalizes nothing).
 *   <li>Retried only when the connection failed before the request was sent (refused, or timed out
 *       while connecting), since each one that arrives adds money: {@link #grantCredits} and {@link
 *       #addAdjustment}. Any later failure is thrown at once; the caller decides whether the grant
 *       or adjustment was made before sending it again.
 * </ul>
 */
public final class OperatorApi {

  private final HttpCaller caller;

  OperatorApi(HttpCaller caller) {
    this.caller = caller;
  }

  /**
   * {@code POST /operator/v1/usage-events}: counts a batch of metered events. Idempotent, so
   * retried; a batch of {@value IngestUsageRequest#MAX_EVENTS} events is one database transaction
   * on the server, so give large batches a longer {@link RequestOptions.Builder#timeout}.
   *
   * @param events at most {@value IngestUsageRequest#MAX_EVENTS}; the answer refers to them by
   *     index in this order
   * @return the request, to {@code execute()}: it answers how many were accepted, how many were
   *     duplicates, and which were rejected and why
   * @throws IllegalArgumentException if there are more than {@value IngestUsageRequest#MAX_EVENTS}
   */
  public OperatorRequest<IngestUsageResponse> ingestUsage(List<UsageEvent> events) {
    return request(
        "POST",
        "/operator/v1/usage-events",
        json(new IngestUsageRequest(events)),
        IngestUsageResponse.class,
        Retry.IDEMPOTENT);
  }

  /**
   * {@code PUT /operator/v1/price-book}: makes a price book file the price book in force, as a new
   * revision (or the current one, if it is the same book). Idempotent, so retried.
   *
   * @param priceBookJson a price book file (the format of {@code tally prices show -o json}), sent
   *     as it is
   * @return the request, to {@code execute()}; it answers the revision in force
   */
  public OperatorRequest<PriceBookRevision> loadPriceBook(String priceBookJson) {
    Objects.requireNonNull(priceBookJson, "priceBookJson");
    return loadPriceBook(priceBookJson.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@link #loadPriceBook(String)}, for a file's bytes (UTF-8 JSON), sent as they are.
   *
   * @param priceBookJson a price book file's bytes; copied
   * @return the request, to {@code execute()}
   */
  public OperatorRequest<PriceBookRevision> loadPriceBook(byte[] priceBookJson) {
    Objects.requireNonNull(priceBookJson, "priceBookJson");
    return request(
        "PUT",
        "/operator/v1/price-book",
        priceBookJson.clone(),
        PriceBookRevision.class,
        Retry.IDEMPOTENT);
  }

  /**
   * {@code POST /operator/v1/periods/{YYYY-MM}/close}: finalizes a month for every organization
   * now, rather than when its grace period ends. Idempotent, so retried. The month must have ended
   * (else a {@link BadRequestException}, {@code FAILED_PRECONDITION}).
   *
   * @param period the month
   * @return the request, to {@code execute()}; it answers how many invoices it finalized and how
   *     many were final already
   */
  public OperatorRequest<PeriodCloseSummary> closePeriod(BillingPeriod period) {
    Objects.requireNonNull(period, "period");
    return request(
        "POST",
        "/operator/v1/periods/" + period + "/close",
        null,
        PeriodCloseSummary.class,
        Retry.IDEMPOTENT);
  }

  /**
   * {@code POST /operator/v1/organizations/{organization_id}/credit-grants}: grants prepaid
   * credits. Not idempotent: retried only if the connection failed before the request was sent.
   *
   * @param organizationId the organization; sent percent-encoded as one path segment
   * @param grant the amount (positive whole cents) and when the credits start and expire
   * @return the request, to {@code execute()}; it answers the grant as stored (HTTP 201)
   * @throws IllegalArgumentException if the id is empty, {@code "."} or {@code ".."}
   */
  public OperatorRequest<CreditGrantResponse> grantCredits(
      String organizationId, CreditGrantRequest grant) {
    Objects.requireNonNull(grant, "grant");
    return request(
        "POST",
        organizationPath(organizationId) + "/credit-grants",
        json(grant),
        CreditGrantResponse.class,
        Retry.UNSENT_ONLY);
  }

  /**
   * {@code POST /operator/v1/organizations/{organization_id}/adjustments}: adds a named charge or
   * credit to one open month's invoice. Not idempotent: retried only if the connection failed
   * before the request was sent.
   *
   * @param organizationId the organization; sent percent-encoded as one path segment
   * @param adjustment the month, a name and an amount in whole cents (negative for a discount)
   * @return the request, to {@code execute()}; it answers the adjustment as stored (HTTP 201)
   * @throws IllegalArgumentException if the id is empty, {@code "."} or {@code ".."}
   */
  public OperatorRequest<AdjustmentResponse> addAdjustment(
      String organizationId, AdjustmentRequest adjustment) {
    Objects.requireNonNull(adjustment, "adjustment");
    return request(
        "POST",
        organizationPath(organizationId) + "/adjustments",
        json(adjustment),
        AdjustmentResponse.class,
        Retry.UNSENT_ONLY);
  }

  private static String organizationPath(String organizationId) {
    Objects.requireNonNull(organizationId, "organizationId");
    if (organizationId.isEmpty() || organizationId.equals(".") || organizationId.equals("..")) {
      throw new IllegalArgumentException("organizationId cannot be \"" + organizationId + "\"");
    }
    return "/operator/v1/organizations/" + UriEncoding.encode(organizationId);
  }

  private <T> OperatorRequest<T> request(
      String method, String path, byte[] body, Class<T> type, Retry retry) {
    return new OperatorRequest<>(
        caller,
        RequestOptions.none(),
        new Call<>(method, path, "", body, type, retry, Credential.OPERATOR_KEY));
  }

  /** The body in the canonical form of the wire model. */
  private static byte[] json(Object body) {
    return WireJson.canonicalBytes(body);
  }
}
