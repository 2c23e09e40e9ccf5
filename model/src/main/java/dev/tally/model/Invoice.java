package dev.tally.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One organization's charges for one billing period {@code [period_start, period_end)}, a calendar
 * month in UTC. {@code invoice_items} are sorted by cluster name.
 */
public record Invoice(
    @JsonProperty("invoice_id") String invoiceId,
    @JsonProperty("period_start") Instant periodStart,
    @JsonProperty("period_end") Instant periodEnd,
    OpenEnum<InvoiceStatus> status,
    List<CurrencyAmount> totals,
    List<CurrencyAmount> balances,
    List<InvoiceAdjustment> adjustments,
    @JsonProperty("invoice_items") List<InvoiceItem> invoiceItems,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("folder_resources")
        List<FolderResource> folderResources) {

  public Invoice {
    Objects.requireNonNull(invoiceId, "invoice_id");
    Objects.requireNonNull(periodStart, "period_start");
    Objects.requireNonNull(periodEnd, "period_end");
    totals = List.copyOf(Objects.requireNonNullElse(totals, List.of()));
    balances = List.copyOf(Objects.requireNonNullElse(balances, List.of()));
    adjustments = List.copyOf(Objects.requireNonNullElse(adjustments, List.of()));
    invoiceItems = List.copyOf(Objects.requireNonNullElse(invoiceItems, List.of()));
    folderResources = List.copyOf(Objects.requireNonNullElse(folderResources, List.of()));
  }

  /**
   * This invoice with another status and everything else the same, as when a month's draft is
   * finalized.
   *
   * @param newStatus a known status, not {@code UNKNOWN}
   * @return a new invoice
   * @throws IllegalArgumentException for {@code UNKNOWN}, which has no wire value
   */
  public Invoice withStatus(InvoiceStatus newStatus) {
    return withStatus(OpenEnum.of(newStatus));
  }

  /**
   * This invoice with another status, as read from the wire (possibly one this build does not
   * know), and everything else the same.
   *
   * @param newStatus the status
   * @return a new invoice
   */
  public Invoice withStatus(OpenEnum<InvoiceStatus> newStatus) {
    return new Invoice(
        invoiceId,
        periodStart,
        periodEnd,
        newStatus,
        totals,
        balances,
        adjustments,
        invoiceItems,
        folderResources);
  }

  /**
   * This invoice with other invoice items (such as the same items sorted by cluster name) and
   * everything else the same. Totals are not recomputed: the caller keeps them consistent.
   *
   * @param newItems the items, in the order they are to be written
   * @return a new invoice
   */
  public Invoice withItems(List<InvoiceItem> newItems) {
    return new Invoice(
        invoiceId,
        periodStart,
        periodEnd,
        status,
        totals,
        balances,
        adjustments,
        newItems,
        folderResources);
  }
}
