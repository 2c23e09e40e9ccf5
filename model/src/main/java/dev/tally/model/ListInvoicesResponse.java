package dev.tally.model;

import java.util.List;
import java.util.Objects;

/**
 * The answer to {@code GET /api/v1/invoices}: invoices sorted by {@code period_start} ascending.
 */
public record ListInvoicesResponse(List<Invoice> invoices) {

  public ListInvoicesResponse {
    invoices = List.copyOf(Objects.requireNonNullElse(invoices, List.of()));
  }
}
