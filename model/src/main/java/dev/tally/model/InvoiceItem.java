package dev.tally.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/** What one cluster cost in a billing period: its line items and their totals per currency. */
public record InvoiceItem(
    Cluster cluster,
    @JsonProperty("line_items") List<LineItem> lineItems,
    List<CurrencyAmount> totals) {

  public InvoiceItem {
    Objects.requireNonNull(cluster, "cluster");
    lineItems = List.copyOf(Objects.requireNonNullElse(lineItems, List.of()));
    totals = List.copyOf(Objects.requireNonNullElse(totals, List.of()));
  }
}
