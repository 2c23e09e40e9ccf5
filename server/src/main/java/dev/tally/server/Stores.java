package dev.tally.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.model.WireJson;
import dev.tally.server.auth.ApiKeyStore;
import dev.tally.server.auth.OperatorKeyStore;
import dev.tally.server.billing.AdjustmentStore;
import dev.tally.server.billing.CreditStore;
import dev.tally.server.billing.LiveInvoices;
import dev.tally.server.billing.PeriodCloser;
import dev.tally.server.billing.PriceBookStore;
import dev.tally.server.auth.ServiceAccountStore;
import dev.tally.server.invoices.InvoiceStore;
import dev.tally.server.orgs.ClusterStore;
import dev.tally.server.orgs.OrganizationStore;
import dev.tally.server.store.Database;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.store.Transactor;
import dev.tally.server.usage.UsageIngestor;
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
  private final OperatorKeyStore operatorKeys;
  private final PriceBookStore priceBooks;
  private final CreditStore credits;
  private final AdjustmentStore adjustments;
  private final UsageIngestor usage;
  private final LiveInvoices liveInvoices;
  private final PeriodCloser closer;

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
    this.operatorKeys = new OperatorKeyStore(tx, clock);
    this.priceBooks = new PriceBookStore(tx, clock);
    this.credits = new CreditStore(tx, clock);
    this.adjustments = new AdjustmentStore(tx, clock);
    this.usage = new UsageIngestor(tx, priceBooks, clock);
    this.liveInvoices = new LiveInvoices(tx, invoices, priceBooks, credits, adjustments, json);
    this.closer = new PeriodCloser(tx, invoices, priceBooks, credits, adjustments, json, clock);
  }

  /** Opens (and migrates) the database and builds the stores on it. */
  public static Stores open(DatabaseConfig config, Clock clock) {
    Stores stores = new Stores(Database.open(config), clock);
    stores.priceBooks.loadDefaultIfEmpty();
    return stores;
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

  public OperatorKeyStore operatorKeys() {
    return operatorKeys;
  }

  public PriceBookStore priceBooks() {
    return priceBooks;
  }

  public CreditStore credits() {
    return credits;
  }

  public AdjustmentStore adjustments() {
    return adjustments;
  }

  /** Usage ingestion. */
  public UsageIngestor usage() {
    return usage;
  }

  /** The invoices the API serves: stored ones and live drafts. */
  public LiveInvoices liveInvoices() {
    return liveInvoices;
  }

  public PeriodCloser closer() {
    return closer;
  }

  @Override
  public void close() {
    database.close();
  }
}
