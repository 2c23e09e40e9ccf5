/**
 * Tally's own Prometheus meters, each class a small group that takes the {@link
 * io.micrometer.core.instrument.MeterRegistry} it registers into (there is no global registry: the
 * registry is made in {@code Tally} and handed down). Owns the metric names documented in
 * docs/operations.md; {@code /metrics} (in {@code http}) renders the registry.
 */
package dev.tally.server.metrics;
