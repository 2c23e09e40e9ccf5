package dev.tally.server.http;

import dev.tally.server.metrics.HttpMetrics;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Requests the HTTP layer refuses before any route sees them (Jetty's 400 for bad framing, 414,
 * 431, 505, and {@link HeaderDeadline}'s 408) get what a routed request gets: a new request id
 * (echoed in {@code X-Request-Id}; the client's own is not read, its headers may be what was
 * refused), one log line in the same form and logger as {@link ApiServer}'s, and a count in {@code
 * tally_http_server_requests_seconds} with the route {@value HttpMetrics#NOT_ROUTED}. The path is
 * logged through {@link LogText}, so a key in it is redacted.
 */
final class RefusedRequests {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final HttpMetrics metrics;

  RefusedRequests(HttpMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Logs and counts one refused request.
   *
   * @param method the request's method as parsed, or null when its line was not read
   * @param path its path as sent, or null when unknown
   * @param took from its first byte to the answer, or zero when unknown
   * @return the request id to send in {@code X-Request-Id}
   */
  String record(String method, String path, int status, Duration took) {
    String id = RequestIds.accept(null);
    String loggedMethod = LogText.method(method);
    MDC.put(RequestIds.MDC_KEY, id);
    try {
      log.info(
          "{} {} {} {}ms",
          loggedMethod,
          path == null ? "-" : LogText.path(path),
          status,
          took.toMillis());
    } finally {
      MDC.remove(RequestIds.MDC_KEY);
    }
    metrics.record(loggedMethod, HttpMetrics.NOT_ROUTED, status, took);
    return id;
  }
}
