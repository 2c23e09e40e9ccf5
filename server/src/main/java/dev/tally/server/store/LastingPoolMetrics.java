package dev.tally.server.store;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * HikariCP's Micrometer metrics (the {@code hikaricp_*} names of docs/operations.md), made to last
 * as long as the process rather than one pool. {@link ReconnectingDataSource} replaces its pool
 * after an outage; HikariCP's own tracker removes every meter of a pool it closes, so the counters
 * an operator watches ({@code hikaricp_connections_timeout_total}, the acquire and usage timers)
 * would start again from 0 in the same process, just after the outage they counted. Here a closed
 * pool takes only its gauges with it (they read that pool's state); counters and timers stay, and
 * the next pool of the same name counts on in them (a registry gives back the meter it holds for a
 * name and tags).
 */
final class LastingPoolMetrics implements MetricsTrackerFactory {

  private final MeterRegistry registry;
  private final MetricsTrackerFactory hikari;

  LastingPoolMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.hikari = new MicrometerMetricsTrackerFactory(registry);
  }

  @Override
  public IMetricsTracker create(String poolName, PoolStats stats) {
    IMetricsTracker tracker = hikari.create(poolName, stats);
    return new IMetricsTracker() {
      @Override
      public void recordConnectionCreatedMillis(long millis) {
        tracker.recordConnectionCreatedMillis(millis);
      }

      @Override
      public void recordConnectionAcquiredNanos(long nanos) {
        tracker.recordConnectionAcquiredNanos(nanos);
      }

      @Override
      public void recordConnectionUsageMillis(long millis) {
        tracker.recordConnectionUsageMillis(millis);
      }

      @Override
      public void recordConnectionTimeout() {
        tracker.recordConnectionTimeout();
      }

      @Override
      public void close() {
        for (Meter meter : List.copyOf(registry.getMeters())) {
          if (meter instanceof Gauge
              && meter.getId().getName().startsWith("hikaricp.")
              && poolName.equals(meter.getId().getTag("pool"))) {
            registry.remove(meter);
          }
        }
      }
    };
  }
}
