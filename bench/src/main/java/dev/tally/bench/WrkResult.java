package dev.tally.bench;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one wrk run measured, read from its output (run with {@code --latency}).
 *
 * @param requestsPerSecond completed requests per second ({@code Requests/sec})
 * @param p50Millis median latency in milliseconds, from wrk's latency distribution; NaN when no
 *     request completed
 * @param p99Millis 99th percentile latency in milliseconds
 * @param requests requests completed
 * @param non2xx3xx answers whose status was not 2xx or 3xx ({@code Non-2xx or 3xx responses})
 * @param socketErrors connect, read and write errors and timeouts ({@code Socket errors})
 */
record WrkResult(
    double requestsPerSecond,
    double p50Millis,
    double p99Millis,
    long requests,
    long non2xx3xx,
    long socketErrors) {

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern PERCENTILE =
      Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s|m|h)\\s*$", Pattern.MULTILINE);

  /** Errors of every kind: answers that were not 2xx or 3xx, and socket errors. */
  long errors() {
    return non2xx3xx + socketErrors;
  }

  /**
   * Reads wrk's output.
   *
   * @throws IllegalArgumentException when it has no request rate (wrk did not run)
   */
  static WrkResult parse(String output) {
    Matcher rate = RATE.matcher(output);
    if (!rate.find()) {
      throw new IllegalArgumentException("wrk printed no Requests/sec:\n" + output);
    }
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher p = PERCENTILE.matcher(output);
    while (p.find()) {
      double millis = millis(Double.parseDouble(p.group(2)), p.group(3));
      if (p.group(1).equals("50")) {
        p50 = millis;
      } else {
        p99 = millis;
      }
    }
    long socket = 0;
    Matcher s = SOCKET.matcher(output);
    if (s.find()) {
      for (int g = 1; g <= 4; g++) {
        socket += Long.parseLong(s.group(g));
      }
    }
    long requests = first(REQUESTS, output);
    if (requests == 0) {
      // wrk prints a distribution of zeros when no request completed within the run
      p50 = Double.NaN;
      p99 = Double.NaN;
    }
    return new WrkResult(
        Double.parseDouble(rate.group(1)), p50, p99, requests, first(NON_2XX, output), socket);
  }

  /** The median of each figure over several runs of the same case (each figure on its own). */
  static WrkResult median(List<WrkResult> runs) {
    return new WrkResult(
        median(runs.stream().mapToDouble(WrkResult::requestsPerSecond).toArray()),
        median(runs.stream().mapToDouble(WrkResult::p50Millis).toArray()),
        median(runs.stream().mapToDouble(WrkResult::p99Millis).toArray()),
        (long) median(runs.stream().mapToDouble(WrkResult::requests).toArray()),
        (long) median(runs.stream().mapToDouble(WrkResult::non2xx3xx).toArray()),
        (long) median(runs.stream().mapToDouble(WrkResult::socketErrors).toArray()));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static long first(Pattern pattern, String output) {
    Matcher m = pattern.matcher(output);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static double millis(double value, String unit) {
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "us" -> value / 1000;
      case "ms" -> value;
      case "s" -> value * 1000;
      case "m" -> value * 60_000;
      default -> value * 3_600_000;
    };
  }
}
