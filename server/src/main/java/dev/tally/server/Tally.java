package dev.tally.server;

import dev.tally.server.invoices.InvoiceVerifier;
import dev.tally.server.invoices.LiveInvoices;
import dev.tally.server.invoices.PeriodClose;
import dev.tally.server.invoices.PriceBookLoader;
import dev.tally.server.metrics.CloseMetrics;
import dev.tally.server.metrics.StatementMetrics;
import dev.tally.server.metrics.UsageMetrics;
import dev.tally.server.prices.PriceBookCache;
import dev.tally.server.store.Database;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.store.PoolSettings;
import dev.tally.server.store.Transactor;
import dev.tally.server.usage.UsageIngestion;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;

/**
 * Tally over one open database: the transactor through which every unit of work reaches the tables,
 * and the orchestrators built on it (ingestion, live invoices, the period close, price-book loads).
 * What the server serves from and what the operator CLI acts through; this is where they are wired.
 */
public final class Tally implements AutoCloseable {

  private final Database database;
  private final Clock clock;
  private final Transactor tx;
  private final PriceBookLoader priceBooks;
  private final UsageIngestion ingestion;
  private final LiveInvoices invoices;
  private final PeriodClose close;
  private final InvoiceVerifier verifier;
  private final PrometheusMeterRegistry metrics;

  private Tally(Database database, Clock clock, PrometheusMeterRegistry metrics) {
    this.database = database;
    this.clock = clock;
    this.metrics = metrics;
    this.tx = new Transactor(database.dataSource());
    StatementMetrics.register(metrics, tx);
    PriceBookCache prices = new PriceBookCache();
    this.priceBooks = new PriceBookLoader(tx, prices, clock);
    this.ingestion =
        new UsageIngestion(
            tx, prices, clock, new UsageMetrics(metrics), database.config().isEmbedded());
    this.invoices = new LiveInvoices(tx, prices);
    this.close = new PeriodClose(tx, prices, clock, new CloseMetrics(metrics));
    this.verifier = new InvoiceVerifier(tx);
  }

  /**
   * Opens (and migrates) the database. Nothing is written: a server loads the default price book
   * when it starts ({@link App#start}).
   *
   * @throws IllegalStateException when the database cannot be reached or migrated
   */
  public static Tally open(DatabaseConfig config, Clock clock) {
    return open(config, PoolSettings.DEFAULTS, clock);
  }

  /**
   * As {@link #open(DatabaseConfig, Clock)}, with the pool's settings. Each Tally has a metrics
   * registry of its own ({@link #metrics}), which the pool and the orchestrators report to.
   *
   * @throws IllegalStateException when the database cannot be reached or migrated
   */
  public static Tally open(DatabaseConfig config, PoolSettings pool, Clock clock) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return new Tally(Database.open(config, pool, metrics), clock, metrics);
  }

  public Database database() {
    return database;
  }

  public Clock clock() {
    return clock;
  }

  /** Runs units of work: {@code tally.tx().read(db -> db.organizations().list())}. */
  public Transactor tx() {
    return tx;
  }

  public PriceBookLoader priceBooks() {
    return priceBooks;
  }

  public UsageIngestion ingestion() {
    return ingestion;
  }

  /** The invoices the API serves: stored ones and live drafts. */
  public LiveInvoices invoices() {
    return invoices;
  }

  public PeriodClose periodClose() {
    return close;
  }

  /** Re-rates finalized invoices from their rating records: {@code tally invoices verify}. */
  public InvoiceVerifier verifier() {
    return verifier;
  }

  /** This instance's meters, in the form {@code /metrics} renders (docs/operations.md). */
  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  @Override
  public void close() {
    database.close();
    metrics.close();
  }
}
