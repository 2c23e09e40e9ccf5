package dev.tally.server;

import dev.tally.server.auth.AccessPolicy;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.billing.CloseScheduler;
import dev.tally.server.billing.PeriodCloser;
import dev.tally.server.http.ApiServer;
import dev.tally.server.http.InvoiceRoutes;
import dev.tally.server.http.OperatorRoutes;
import java.time.Duration;
import java.util.List;

/** The running server: the stores, the HTTP API on top of them, and the automatic period close. */
public final class App implements AutoCloseable {

  /**
   * How to run.
   *
   * @param host the address to listen on
   * @param port the port, 0 for any free one
   * @param grace how long after a month ends it is closed
   * @param closeInterval how often to look for months to close; {@code null} turns the automatic close off
   */
  public record Options(String host, int port, Duration grace, Duration closeInterval) {

    public static Options defaults(String host, int port) {
      return new Options(host, port, PeriodCloser.DEFAULT_GRACE, Duration.ofMinutes(1));
    }

    /** No automatic close: for tests that drive the clock and the close themselves. */
    public static Options manualClose(String host, int port) {
      return new Options(host, port, PeriodCloser.DEFAULT_GRACE, null);
    }
  }

  private final Stores stores;
  private final ApiServer http;
  private final CloseScheduler scheduler;

  private App(Stores stores, ApiServer http, CloseScheduler scheduler) {
    this.stores = stores;
    this.http = http;
    this.scheduler = scheduler;
  }

  /** Serves the API from {@code stores}. */
  public static App start(Stores stores, Options options) {
    Authenticator authenticator = new Authenticator(stores.apiKeys());
    InvoiceRoutes invoiceRoutes = new InvoiceRoutes(authenticator, new AccessPolicy(), stores.organizations(),
        stores.liveInvoices(), stores.json(), stores.clock());
    OperatorRoutes operatorRoutes = new OperatorRoutes(stores.operatorKeys(), stores.usage(), stores.priceBooks(),
        stores.closer(), stores.credits(), stores.adjustments(), stores.json());
    ApiServer http = new ApiServer(invoiceRoutes, List.of(operatorRoutes)).start(options.host(), options.port());
    CloseScheduler scheduler = options.closeInterval() == null ? null
        : new CloseScheduler(stores.closer(), stores.clock(), options.grace(), options.closeInterval()).start();
    return new App(stores, http, scheduler);
  }

  /** Serves with the defaults: automatic close after a 24-hour grace period. */
  public static App start(Stores stores, String host, int port) {
    return start(stores, Options.defaults(host, port));
  }

  public Stores stores() {
    return stores;
  }

  public int port() {
    return http.port();
  }

  /** Stops serving and closing; the stores stay open for their owner to close. */
  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.close();
    }
    http.close();
  }
}
