package dev.tally.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.WireJson;
import dev.tally.server.auth.ApiKeyStore;
import dev.tally.server.auth.ServiceAccountStore;
import dev.tally.server.invoices.InvoiceStore;
import dev.tally.server.orgs.ClusterStore;
import dev.tally.server.orgs.OrganizationStore;
import dev.tally.server.store.Database;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.store.Transactor;
import java.time.Clock;

/**
 * Every store over one open database: what the server serves from and what the operator CLI edits.
 */
public final class Stores implements AutoCloseable {

  private final Database database;
  private final Clock clock;
  private final ObjectMapper json;
  private final OrganizationStore organizations;
  private final ClusterStore clusters;
  private final ServiceAccountStore serviceAccounts;
  private final ApiKeyStore apiKeys;
  private final InvoiceStore invoices;

  private Stores(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
    this.json = WireJson.mapper();
    Transactor tx = new Transactor(database.dataSource());
    this.organizations = new OrganizationStore(tx, clock);
    this.clusters = new ClusterStore(tx, json);
    this.serviceAccounts = new ServiceAccountStore(tx, clock);
    this.apiKeys = new ApiKeyStore(tx, clock);
    this.invoices = new InvoiceStore(tx, json);
  }

  /** Opens (and migrates) the database and builds the stores on it. */
  public static Stores open(DatabaseConfig config, Clock clock) {
    return new Stores(Database.open(config), clock);
  }

  public Database database() {
    return database;
  }

  public Clock clock() {
    return clock;
  }

  public ObjectMapper json() {
    return json;
  }

  public OrganizationStore organizations() {
    return organizations;
  }

  public ClusterStore clusters() {
    return clusters;
  }

  public ServiceAccountStore serviceAccounts() {
    return serviceAccounts;
  }

  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  public InvoiceStore invoices() {
    return invoices;
  }

  @Override
  public void close() {
    database.close();
  }
}
