package dev.tally.server;

import dev.tally.model.WireJson;
import dev.tally.server.auth.AccessPolicy;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.auth.CredentialCache;
import dev.tally.server.console.ConsoleRoutes;
import dev.tally.server.health.Readiness;
import dev.tally.server.http.ApiServer;
import dev.tally.server.http.ExtensionRoutes;
import dev.tally.server.http.HttpLimits;
import dev.tally.server.http.InvoiceRoutes;
import dev.tally.server.http.OpenApiRoutes;
import dev.tally.server.http.OperatorRoutes;
import dev.tally.server.http.OpsRoutes;
import dev.tally.server.http.ProvenanceRoutes;
import dev.tally.server.http.RateLimitListener;
import dev.tally.server.invoices.CloseScheduler;
import dev.tally.server.metrics.HttpMetrics;
import dev.tally.server.metrics.JvmMetrics;
import dev.tally.server.metrics.RateLimitMetrics;
import dev.tally.server.periods.BillingPeriods;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running server: the HTTP API over a {@link Tally}, and the automatic period close. */
public final class App implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(App.class);

  /** How long a stop waits for requests in flight and a running close by default. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How to run.
   *
   * @param host the address to listen on
   * @param port the port, 0 for any free one
   * @param grace how long after a month ends it is closed
   * @param closeInterval how often to look for months to close; {@code null} turns the automatic
   *     close off
   * @param shutdownTimeout how long {@link #close} waits for requests in flight and a running close
   *     before it stops anyway
   * @param metrics whether {@code /metrics} is served
   */
  public record Options(
      String host,
      int port,
      Duration grace,
      Duration closeInterval,
      Duration shutdownTimeout,
      boolean metrics) {

    public Options(String host, int port, Duration grace, Duration closeInterval) {
      this(host, port, grace, closeInterval, DEFAULT_SHUTDOWN_TIMEOUT, true);
    }

    public static Options defaults(String host, int port) {
      return new Options(host, port, BillingPeriods.DEFAULT_GRACE, Duration.ofMinutes(1));
    }

    /** No automatic close: for tests that drive the clock and the close themselves. */
    public static Options manualClose(String host, int port) {
      return new Options(host, port, BillingPeriods.DEFAULT_GRACE, null);
    }
  }

  private final Tally tally;
  private final ApiServer http;
  private final CloseScheduler scheduler;
  private final JvmMetrics jvm;
  private final RateLimitMetrics rateLimits;
  private final Duration shutdownTimeout;

  private App(
      Tally tally,
      ApiServer http,
      CloseScheduler scheduler,
      JvmMetrics jvm,
      RateLimitMetrics rateLimits,
      Duration shutdownTimeout) {
    this.tally = tally;
    this.http = http;
    this.scheduler = scheduler;
    this.jvm = jvm;
    this.rateLimits = rateLimits;
    this.shutdownTimeout = shutdownTimeout;
  }

  /**
   * Serves the API from {@code tally}, after loading the default price book into a database that
   * has none.
   */
  public static App start(Tally tally, Options options) {
    return start(tally, options, HttpLimits.defaults(), RateLimitListener.NONE);
  }

  /**
   * Serves the API from {@code tally} within the given limits, after loading the default price book
   * into a database that has none.
   *
   * @param limits request rates, failed authentications and timeouts ({@link HttpLimits})
   * @param limited told of every request a limit refuses, for a metric
   */
  public static App start(
      Tally tally, Options options, HttpLimits limits, RateLimitListener limited) {
    tally.priceBooks().loadDefaultIfEmpty();
    var json = WireJson.mapper();
    var registry = tally.metrics();
    JvmMetrics jvm = new JvmMetrics(registry);
    RateLimitMetrics rateLimits = new RateLimitMetrics(registry);
    ApiServer http =
        new ApiServer(
                new Authenticator(
                    tally.tx(),
                    tally.clock(),
                    new CredentialCache(CredentialCache.DEFAULT_STALENESS, tally.clock())),
                new AccessPolicy(),
                List.of(
                    new OpsRoutes(
                        new Readiness(tally.database(), Readiness.DEFAULT_TIMEOUT),
                        options.metrics() ? registry : null),
                    new InvoiceRoutes(tally.invoices(), tally.tx(), json, tally.clock()),
                    new ProvenanceRoutes(tally.invoices(), json, tally.clock()),
                    new ExtensionRoutes(tally.tx(), tally.invoices(), json, tally.clock()),
                    new OperatorRoutes(
                        tally.tx(),
                        tally.ingestion(),
                        tally.priceBooks(),
                        tally.periodClose(),
                        json,
                        tally.clock()),
                    new ConsoleRoutes(tally.clock()),
                    new OpenApiRoutes()),
                new HttpMetrics(registry),
                options.shutdownTimeout(),
                limits,
                limit -> {
                  rateLimits.limited(limit);
                  limited.limited(limit);
                })
            .start(options.host(), options.port());
    CloseScheduler scheduler =
        options.closeInterval() == null
            ? null
            : new CloseScheduler(
                    tally.periodClose(), tally.clock(), options.grace(), options.closeInterval())
                .start();
    return new App(tally, http, scheduler, jvm, rateLimits, options.shutdownTimeout());
  }

  /** Serves with the defaults: automatic close after a 24-hour grace period. */
  public static App start(Tally tally, String host, int port) {
    return start(tally, Options.defaults(host, port));
  }

  public Tally tally() {
    return tally;
  }

  public int port() {
    return http.port();
  }

  /** Every route the server answers, as declared (see {@link ApiServer#routes}). */
  /** See {@link ApiServer#hotReads}. */
  public long hotReads() {
    return http.hotReads();
  }

  public List<ApiServer.Route> routes() {
    return http.routes();
  }

  /**
   * Stops gracefully: new connections are refused, while requests in flight and a running close get
   * up to the shutdown timeout (each) to finish. The database stays open for its owner to close,
   * after this returns.
   */
  @Override
  public void close() {
    long started = System.nanoTime();
    if (scheduler != null && !scheduler.close(shutdownTimeout)) {
      log.warn(
          "a period close was still running after {} ms; stopping anyway (it resumes on the next"
              + " start)",
          shutdownTimeout.toMillis());
    }
    http.close();
    jvm.close();
    log.info("stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
  }
}
