package dev.tally.server.http;

import dev.tally.server.metrics.HttpMetrics;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every answered request leaves behind, however it was served: one line in the log ({@code GET
 * /api/v1/invoices/inv_x 200 3ms}, with the path's secrets redacted by {@link LogText}) and one
 * timing in {@link HttpMetrics}. The line is logged under {@link ApiServer}'s name, with the
 * request id in the log context, set by whoever serves the request.
 */
final class RequestLog {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final HttpMetrics metrics;

  RequestLog(HttpMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * @param method the request's method as sent
   * @param path the request's path as sent (not decoded), without the query
   * @param route the matched route template, or null when none matched
   * @param status the answer's status code
   * @param millis from the request's arrival to its answer, in milliseconds
   */
  void answered(String method, String path, String route, int status, double millis) {
    metrics.record(method, route, status, Duration.ofNanos(Math.round(millis * 1_000_000)));
    if (log.isInfoEnabled()) {
      // Composed here rather than from "{} {} {} {}ms": the logger's formatter cost a hot read
      // 2 % of its CPU. A line without arguments is not formatted, so "{}" in a path stays.
      log.info(
          LogText.method(method)
              + ' '
              + LogText.path(path)
              + ' '
              + status
              + ' '
              + Math.round(millis)
              + "ms");
    }
  }
}
