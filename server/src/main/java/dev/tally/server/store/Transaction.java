package dev.tally.server.store;

import dev.tally.server.auth.ApiKeys;
import dev.tally.server.auth.OperatorKeys;
import dev.tally.server.auth.ServiceAccounts;
import dev.tally.server.credits.Adjustments;
import dev.tally.server.credits.CreditGrants;
import dev.tally.server.invoices.InvoiceDocuments;
import dev.tally.server.orgs.Clusters;
import dev.tally.server.orgs.Organizations;
import dev.tally.server.periods.BillingPeriods;
import dev.tally.server.prices.PriceBooks;
import dev.tally.server.usage.UsageStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One open transaction, and the owners of the tables bound to it. Each table has exactly one owner
 * class, the only code that names the table; a unit of work reaches a table through its owner:
 * {@code tx.read(db -> db.invoices().find(orgId, id))}. Owners are made on first use and live as
 * long as the transaction.
 */
public final class Transaction {

  private final Connection connection;
  private final LongAdder statements;
  private Boolean embedded;
  private int statementsHere;
  private Organizations organizations;
  private Clusters clusters;
  private ServiceAccounts serviceAccounts;
  private ApiKeys apiKeys;
  private OperatorKeys operatorKeys;
  private PriceBooks priceBooks;
  private CreditGrants creditGrants;
  private Adjustments adjustments;
  private BillingPeriods billingPeriods;
  private UsageStore usage;
  private InvoiceDocuments invoices;

  Transaction(Connection connection, LongAdder statements) {
    this.connection = connection;
    this.statements = statements;
  }

  /** How many statements this transaction has prepared. */
  int statementsHere() {
    return statementsHere;
  }

  /** {@code organizations}. */
  public Organizations organizations() {
    return organizations = made(organizations, Organizations::new);
  }

  /** {@code clusters}. */
  public Clusters clusters() {
    return clusters = made(clusters, Clusters::new);
  }

  /** {@code service_accounts} and {@code role_grants}. */
  public ServiceAccounts serviceAccounts() {
    return serviceAccounts = made(serviceAccounts, ServiceAccounts::new);
  }

  /** {@code api_keys}. */
  public ApiKeys apiKeys() {
    return apiKeys = made(apiKeys, ApiKeys::new);
  }

  /** {@code operator_keys}. */
  public OperatorKeys operatorKeys() {
    return operatorKeys = made(operatorKeys, OperatorKeys::new);
  }

  /** {@code price_books}. */
  public PriceBooks priceBooks() {
    return priceBooks = made(priceBooks, PriceBooks::new);
  }

  /** {@code credit_grants} and {@code credit_draws}. */
  public CreditGrants creditGrants() {
    return creditGrants = made(creditGrants, CreditGrants::new);
  }

  /** {@code adjustments}. */
  public Adjustments adjustments() {
    return adjustments = made(adjustments, Adjustments::new);
  }

  /** {@code billing_periods}. */
  public BillingPeriods billingPeriods() {
    return billingPeriods = made(billingPeriods, BillingPeriods::new);
  }

  /** {@code usage_events} and {@code usage_daily}. */
  public UsageStore usage() {
    return usage = made(usage, UsageStore::new);
  }

  /** {@code invoices}. */
  public InvoiceDocuments invoices() {
    return invoices = made(invoices, InvoiceDocuments::new);
  }

  /**
   * Whether this transaction runs on the embedded database (H2) rather than a PostgreSQL-wire one
   * (PostgreSQL, CockroachDB): for the few statements an owner writes in two dialects because the
   * portable form costs much more on one of them.
   */
  public boolean isEmbedded() throws SQLException {
    if (embedded == null) {
      embedded = isEmbedded(connection);
    }
    return embedded;
  }

  /** Whether the connection is to the embedded database (H2); asks the driver, not the database. */
  static boolean isEmbedded(Connection connection) throws SQLException {
    return connection.getMetaData().getDatabaseProductName().startsWith("H2");
  }

  /** An SQL array of {@code elementType} for a statement of this transaction (owners' SQL). */
  public Array array(String elementType, Object[] elements) throws SQLException {
    return connection.createArrayOf(elementType, elements);
  }

  /**
   * Loads rows into a table with PostgreSQL's {@code COPY ... FROM STDIN} on this transaction's
   * connection: for an owner's bulk insert, where {@code COPY} costs PostgreSQL about two thirds of
   * what an {@code INSERT ... SELECT FROM unnest(...)} of the same rows does (docs/benchmarks.md).
   * PostgreSQL-wire databases only (CockroachDB runs it atomically inside a transaction); the rows
   * are checked as an insert's are, a broken key included.
   *
   * @param copySql the {@code COPY table (columns) FROM STDIN} statement, text format
   * @param rows the rows in {@code COPY}'s text format, UTF-8 (see {@link CopyText})
   * @return how many rows were loaded
   * @throws SQLException as an insert would: a unique violation, a serialization failure
   */
  public long copyIn(String copySql, byte[] rows) throws SQLException {
    statements.increment();
    statementsHere++;
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
    try {
      copy.writeToCopy(rows, 0, rows.length);
      return copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /**
   * Runs {@code step} under a savepoint and returns its result, or empty when it broke a unique
   * key: then only the step is undone and the transaction goes on (PostgreSQL and CockroachDB
   * refuse every statement after an error until the savepoint is rolled back to). For an optimistic
   * insert that has a slower way when a row exists.
   *
   * @throws SQLException any other failure of the step, as it was
   */
  public <T> Optional<T> unlessDuplicateKey(Work<T> step) throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    T result;
    try {
      result = step.run(this);
    } catch (SQLException e) {
      if (!Transactor.isDuplicateKey(e)) {
        throw e;
      }
      connection.rollback(savepoint);
      return Optional.empty();
    }
    connection.releaseSavepoint(savepoint);
    return Optional.of(result);
  }

  /** A statement on this transaction's connection; for the owners' own SQL. */
  public PreparedStatement prepare(String sql) throws SQLException {
    statements.increment();
    statementsHere++;
    return connection.prepareStatement(sql);
  }

  private <O> O made(O existing, Function<Transaction, O> make) {
    return existing != null ? existing : make.apply(this);
  }
}
