package dev.tally.server.http;

import dev.tally.model.GrpcCode;
import dev.tally.server.health.Readiness;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The operator's probes, outside {@code /api} and without authentication (they reveal no tenant
 * data):
 *
 * <ul>
 *   <li>{@code GET /healthz}: the process is alive and serving HTTP; always {@code 200
 *       {"status":"SERVING"}}. {@code /health} is the same, kept for existing probes.
 *   <li>{@code GET /readyz}: {@code 200 {"status":"READY"}} when the database answers within the
 *       readiness timeout (500 ms by default) and has every migration; else {@code 503} with a
 *       {@code Status} body (gRPC 14) saying why, and {@code Retry-After: 1}.
 *   <li>{@code GET /metrics}: the Prometheus text format, when metrics are on (see
 *       docs/operations.md for the names).
 * </ul>
 */
public final class OpsRoutes implements ApiServer.Routes {

  static final String SERVING = "{\"status\":\"SERVING\"}";
  static final String READY = "{\"status\":\"READY\"}";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Readiness readiness;
  private final PrometheusMeterRegistry metrics;

  /**
   * @param metrics the registry {@code /metrics} renders; {@code null} serves no {@code /metrics}
   */
  public OpsRoutes(Readiness readiness, PrometheusMeterRegistry metrics) {
    this.readiness = readiness;
    this.metrics = metrics;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    getAndHead(routes, "/healthz", OpsRoutes::alive);
    getAndHead(routes, "/health", OpsRoutes::alive);
    getAndHead(routes, "/readyz", this::ready);
    if (metrics != null) {
      getAndHead(
          routes, "/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape()));
    }
  }

  private static void alive(Context ctx) {
    ctx.contentType("application/json").result(SERVING);
  }

  private void ready(Context ctx) {
    Readiness.Result result = readiness.check();
    if (result.ready()) {
      ctx.contentType("application/json").result(READY);
    } else {
      ctx.header(Header.RETRY_AFTER, "1");
      ApiServer.fail(ctx, 503, GrpcCode.UNAVAILABLE, "not ready: " + result.reason());
    }
  }
}
