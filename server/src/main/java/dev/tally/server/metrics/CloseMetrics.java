package dev.tally.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Month closes: {@code tally_period_closes_seconds} (count and duration of close runs over all
 * organizations, automatic or asked for, labelled {@code outcome} {@code success} or {@code
 * failure}) and {@code tally_invoices_finalized_total} (invoices this instance finalized).
 */
public final class CloseMetrics {

  private final Timer succeeded;
  private final Timer failed;
  private final Counter finalized;

  public CloseMetrics(MeterRegistry registry) {
    this.succeeded = timer(registry, "success");
    this.failed = timer(registry, "failure");
    this.finalized =
        Counter.builder("tally.invoices.finalized")
            .description("Invoices finalized by a month close")
            .register(registry);
  }

  public void closeRun(Duration took, boolean success) {
    (success ? succeeded : failed).record(took);
  }

  public void invoiceFinalized() {
    finalized.increment();
  }

  private static Timer timer(MeterRegistry registry, String outcome) {
    return Timer.builder("tally.period.closes")
        .description("Month close runs over all organizations, and how long they took")
        .tag("outcome", outcome)
        .register(registry);
  }
}
