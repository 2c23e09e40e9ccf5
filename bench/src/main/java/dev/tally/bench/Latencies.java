package dev.tally.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of measured durations (nanoseconds), by the nearest-rank method. */
record Latencies(long[] sortedNanos) {

  static Latencies of(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Latencies(sorted);
  }

  int count() {
    return sortedNanos.length;
  }

  /**
   * The smallest value that at least {@code p} percent of the values are at or below, in
   * milliseconds.
   */
  double percentileMillis(double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
  }

  double maxMillis() {
    return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
  }

  double meanMillis() {
    return Arrays.stream(sortedNanos).average().orElse(Double.NaN) / 1e6;
  }

  /** "p50 1.2 ms, p90 ..., p99 ..., max ..." */
  String summary() {
    return String.format(
        Locale.ROOT,
        "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f ms",
        percentileMillis(50),
        percentileMillis(90),
        percentileMillis(99),
        maxMillis(),
        meanMillis());
  }
}
