package dev.tally.server.invoices;

import dev.tally.model.BillingPeriod;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.errors.Failure;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which invoices {@code GET /api/v1/invoices} lists: those whose whole billing period lies in
 * {@code [start, end)}, i.e. {@code period_start >= start} and {@code period_end <= end},
 * optionally of one status. A window whose start is after its end holds nothing: it lists no
 * invoice.
 */
public record InvoiceWindow(Instant start, Instant end, Optional<InvoiceStatus> status) {

  public InvoiceWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(status, "status");
  }

  /**
   * The window a client asked for, with the bounds it left out filled in: {@code start} from the
   * organization's first billing period, {@code end} at the end of the running month, so that the
   * running month's DRAFT is listed. Only bounds the client gave both can contradict each other; a
   * default bound that passes a given one (a start in the future, an end before the first month)
   * makes an empty window, not an error.
   *
   * @param first the organization's first billing period
   * @param now the request's time, which decides the running month
   * @throws Failure INVALID_ARGUMENT when both bounds are given and start is after end
   */
  public static InvoiceWindow requested(
      Optional<Instant> start,
      Optional<Instant> end,
      Optional<InvoiceStatus> status,
      BillingPeriod first,
      Instant now) {
    if (start.isPresent() && end.isPresent() && start.get().isAfter(end.get())) {
      throw Failure.invalid("start_time " + start.get() + " is after end_time " + end.get());
    }
    return new InvoiceWindow(
        start.orElse(first.start()),
        end.orElseGet(() -> BillingPeriod.containing(now).end()),
        status);
  }

  /** Whether the whole period lies in the window. */
  public boolean holds(BillingPeriod period) {
    return !period.start().isBefore(start) && !period.end().isAfter(end);
  }
}
