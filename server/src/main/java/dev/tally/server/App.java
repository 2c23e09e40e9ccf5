package dev.tally.server;

import dev.tally.server.auth.AccessPolicy;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.http.ApiServer;
import dev.tally.server.http.InvoiceRoutes;
import java.util.List;

/** The running server: the stores, and the HTTP API on top of them. All wiring is here. */
public final class App implements AutoCloseable {

  private final Stores stores;
  private final ApiServer http;

  private App(Stores stores, ApiServer http) {
    this.stores = stores;
    this.http = http;
  }

  /** Serves the API from {@code stores} on {@code host:port} (port 0 picks a free port). */
  public static App start(Stores stores, String host, int port) {
    Authenticator authenticator = new Authenticator(stores.apiKeys());
    InvoiceRoutes invoiceRoutes = new InvoiceRoutes(authenticator, new AccessPolicy(), stores.organizations(),
        stores.invoices(), stores.json(), stores.clock());
    ApiServer http = new ApiServer(invoiceRoutes, List.of()).start(host, port);
    return new App(stores, http);
  }

  public Stores stores() {
    return stores;
  }

  public int port() {
    return http.port();
  }

  /** Stops serving; the stores stay open for their owner to close. */
  @Override
  public void close() {
    http.close();
  }
}
