package dev.tally.server;

import dev.tally.model.WireJson;
import dev.tally.server.auth.AccessPolicy;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.http.ApiServer;
import dev.tally.server.http.InvoiceRoutes;
import dev.tally.server.http.OpenApiRoutes;
import dev.tally.server.http.OperatorRoutes;
import dev.tally.server.invoices.CloseScheduler;
import dev.tally.server.periods.BillingPeriods;
import java.time.Duration;
import java.util.List;

/** The running server: the HTTP API over a {@link Tally}, and the automatic period close. */
public final class App implements AutoCloseable {

  /**
   * How to run.
   *
   * @param host the address to listen on
   * @param port the port, 0 for any free one
   * @param grace how long after a month ends it is closed
   * @param closeInterval how often to look for months to close; {@code null} turns the automatic
   *     close off
   */
  public record Options(String host, int port, Duration grace, Duration closeInterval) {

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

  private App(Tally tally, ApiServer http, CloseScheduler scheduler) {
    this.tally = tally;
    this.http = http;
    this.scheduler = scheduler;
  }

  /**
   * Serves the API from {@code tally}, after loading the default price book into a database that
   * has none.
   */
  public static App start(Tally tally, Options options) {
    tally.priceBooks().loadDefaultIfEmpty();
    var json = WireJson.mapper();
    ApiServer http =
        new ApiServer(
                new Authenticator(tally.tx(), tally.clock()),
                new AccessPolicy(),
                List.of(
                    new InvoiceRoutes(tally.invoices(), json, tally.clock()),
                    new OperatorRoutes(
                        tally.tx(),
                        tally.ingestion(),
                        tally.priceBooks(),
                        tally.periodClose(),
                        json,
                        tally.clock()),
                    new OpenApiRoutes()))
            .start(options.host(), options.port());
    CloseScheduler scheduler =
        options.closeInterval() == null
            ? null
            : new CloseScheduler(
                    tally.periodClose(), tally.clock(), options.grace(), options.closeInterval())
                .start();
    return new App(tally, http, scheduler);
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
  public List<ApiServer.Route> routes() {
    return http.routes();
  }

  /** Stops serving and closing; the database stays open for its owner to close. */
  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.close();
    }
    http.close();
  }
}
