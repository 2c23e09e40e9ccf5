package dev.tally.server.metrics;

import dev.tally.server.store.Transactor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code tally_db_statements_total}: SQL statements prepared by this instance's units of work,
 * retries included. Its rate divided by the request rate is the statements a request costs.
 */
public final class StatementMetrics {

  private StatementMetrics() {}

  public static void register(MeterRegistry registry, Transactor tx) {
    FunctionCounter.builder("tally.db.statements", tx, Transactor::statementsPrepared)
        .description("SQL statements prepared by units of work, retries included")
        .register(registry);
  }
}
