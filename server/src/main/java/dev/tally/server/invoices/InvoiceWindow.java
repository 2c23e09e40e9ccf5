package dev.tally.server.invoices;

import dev.tally.model.InvoiceStatus;
import dev.tally.server.errors.Failure;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which invoices {@code GET /api/v1/invoices} lists: those whose whole billing period lies in
 * {@code [start, end)}, i.e. {@code period_start >= start} and {@code period_end <= end}, optionally of
 * one status.
 */
public record InvoiceWindow(Instant start, Instant end, Optional<InvoiceStatus> status) {

  public InvoiceWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(status, "status");
    if (start.isAfter(end)) {
      throw Failure.invalid("start_time " + start + " is after end_time " + end);
    }
  }
}
