package dev.tally.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM basics, through Micrometer's binders: memory ({@code jvm_memory_*}), garbage collection
 * ({@code jvm_gc_*}), threads ({@code jvm_threads_*}), classes ({@code jvm_classes_*}), CPU ({@code
 * process_cpu_usage}, {@code system_cpu_*}) and uptime ({@code process_uptime_seconds}, {@code
 * process_start_time_seconds}). Close to stop listening for collections.
 */
public final class JvmMetrics implements AutoCloseable {

  private final JvmGcMetrics gc = new JvmGcMetrics();

  public JvmMetrics(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  @Override
  public void close() {
    gc.close();
  }
}
