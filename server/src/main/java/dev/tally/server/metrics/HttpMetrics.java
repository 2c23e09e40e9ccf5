package dev.tally.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests served, by method, route template and status: {@code tally_http_server_requests_seconds}
 * (a histogram, so rates and latency quantiles come from its buckets). Labels are bounded: the
 * route is the template a request matched ({@code /api/v1/invoices/{invoice_id}}) or whose path it
 * has with another method (a 405), never the raw path, {@code unmatched} when none did, and {@code
 * none} when the request was refused before routing; an unusual method is {@code OTHER}.
 */
public final class HttpMetrics {

  public static final String REQUESTS = "tally.http.server.requests";
  public static final String UNMATCHED = "unmatched";

  /**
   * The route of a request the HTTP layer refused before routing: bad framing (400), a URI or
   * header block too large (414, 431), an unsupported version (505), headers too slow (408).
   */
  public static final String NOT_ROUTED = "none";

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  private final MeterRegistry registry;

  // Micrometer finds a registered timer by building its id and looking it up, which cost a hot
  // read 3 % of its CPU; the labels are bounded, so their timers are kept here once registered.
  private final Map<Labels, Timer> timers = new ConcurrentHashMap<>();

  public HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Records one answered request.
   *
   * @param route the matched route template, or {@code null} when no route matched
   */
  public void record(String method, String route, int status, Duration took) {
    Labels labels =
        new Labels(
            METHODS.contains(method) ? method : "OTHER",
            route == null || route.isEmpty() ? UNMATCHED : route,
            status);
    timers.computeIfAbsent(labels, this::register).record(took);
  }

  private Timer register(Labels labels) {
    return Timer.builder(REQUESTS)
        .description("HTTP requests answered, by method, route template and status")
        .tag("method", labels.method())
        .tag("route", labels.route())
        .tag("status", String.valueOf(labels.status()))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  private record Labels(String method, String route, int status) {}
}
