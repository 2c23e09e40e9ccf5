package dev.tally.client;

import dev.tally.model.InvoiceStatus;
import dev.tally.model.ListInvoicesResponse;
import dev.tally.model.OpenEnum;
import java.time.Instant;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * {@code GET /api/v1/invoices}, with its optional filters. Made by {@link
 * BillingApi#listInvoices()}. Immutable: each filter method returns a new request.
 */
public final class ListInvoicesRequest extends ApiRequest<ListInvoicesResponse> {

  private final String status;
  private final Instant startTime;
  private final Instant endTime;

  ListInvoicesRequest(
      HttpCaller caller,
      RequestOptions options,
      String status,
      Instant startTime,
      Instant endTime) {
    super(caller, options);
    this.status = status;
    this.startTime = startTime;
    this.endTime = endTime;
  }

  /**
   * Only invoices with this status ({@code status} query parameter); without it, both draft and
   * finalized ones.
   *
   * @param status {@code FINALIZED} or {@code DRAFT}, or {@code null} to drop the filter
   * @return a new request
   * @throws IllegalArgumentException for {@code UNKNOWN}, which has no wire value; use {@link
   *     #status(OpenEnum)} to pass one this build does not know
   */
  public ListInvoicesRequest status(InvoiceStatus status) {
    if (status == InvoiceStatus.UNKNOWN) {
      throw new IllegalArgumentException(
          "UNKNOWN is no status to filter by; pass the OpenEnum you got");
    }
    return new ListInvoicesRequest(
        caller, options, status == null ? null : status.name(), startTime, endTime);
  }

  /**
   * Only invoices with this status, sent as its raw wire string, so a status newer than this build
   * (as read from an invoice) can be filtered by too.
   *
   * @param status the status, or {@code null} to drop the filter
   * @return a new request
   */
  public ListInvoicesRequest status(OpenEnum<InvoiceStatus> status) {
    return new ListInvoicesRequest(
        caller, options, status == null ? null : status.raw(), startTime, endTime);
  }

  /**
   * Only invoices whose billing period starts at or after this instant ({@code start_time}, sent in
   * RFC 3339 form such as {@code 2024-01-01T00:00:00Z}); default: when the organization was
   * created.
   *
   * @param startTime inclusive lower bound, or {@code null} to drop it
   * @return a new request
   */
  public ListInvoicesRequest startTime(Instant startTime) {
    return new ListInvoicesRequest(caller, options, status, startTime, endTime);
  }

  /**
   * Only invoices whose billing period ends at or before this instant ({@code end_time}, RFC 3339);
   * default: none, so the list runs through the running month's draft.
   *
   * @param endTime exclusive upper bound, or {@code null} to drop it
   * @return a new request
   */
  public ListInvoicesRequest endTime(Instant endTime) {
    return new ListInvoicesRequest(caller, options, status, startTime, endTime);
  }

  @Override
  public ListInvoicesRequest options(RequestOptions options) {
    return new ListInvoicesRequest(
        caller, Objects.requireNonNull(options, "options"), status, startTime, endTime);
  }

  @Override
  Call<ListInvoicesResponse> call() {
    StringJoiner query = new StringJoiner("&");
    if (status != null) {
      query.add("status=" + UriEncoding.encode(status));
    }
    if (startTime != null) {
      query.add("start_time=" + UriEncoding.encode(startTime.toString()));
    }
    if (endTime != null) {
      query.add("end_time=" + UriEncoding.encode(endTime.toString()));
    }
    return new Call<>("/api/v1/invoices", query.toString(), ListInvoicesResponse.class);
  }

  /** The method, path and query, such as {@code GET /api/v1/invoices?status=DRAFT}. */
  @Override
  public String toString() {
    Call<ListInvoicesResponse> call = call();
    return "GET " + call.path() + (call.query().isEmpty() ? "" : "?" + call.query());
  }
}
