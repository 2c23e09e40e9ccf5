package dev.tally.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work in transactions. A transaction that loses a serialization conflict (SQLSTATE
 * 40001, as PostgreSQL, CockroachDB and H2 report it), a deadlock (40P01) or, on H2, a lock timeout
 * or concurrent row update is rolled back and run again from the start, with exponential backoff
 * and full jitter, so every caller gets the same retry behaviour and work must therefore be safe to
 * re-run.
 */
public final class Transactor {

  private static final Logger log = LoggerFactory.getLogger(Transactor.class);

  /**
   * Attempts before a conflict is reported as a failure. Serializable databases (CockroachDB,
   * PostgreSQL at SERIALIZABLE) abort contended transactions routinely, so this is generous.
   */
  static final int DEFAULT_MAX_ATTEMPTS = 20;

  private static final long BASE_BACKOFF_MILLIS = 5;
  private static final long MAX_BACKOFF_MILLIS = 1_000;

  /**
   * Whether this thread is inside a unit of work. A unit of work that opened a second transaction
   * would hold one pooled connection while waiting for another: with as many such requests as the
   * pool has connections, every holder waits for ever (issue 11 found it at 64 clients). So nesting
   * is refused outright, on every backend, rather than left to show under load.
   */
  private static final ThreadLocal<Boolean> IN_UNIT_OF_WORK = ThreadLocal.withInitial(() -> false);

  private final DataSource dataSource;
  private final int maxAttempts;
  private final LongAdder statements = new LongAdder();
  private final LongAdder connections = new LongAdder();

  /** Whether the data source is the embedded database; known from the first connection. */
  private volatile Boolean embedded;

  public Transactor(DataSource dataSource) {
    this(dataSource, DEFAULT_MAX_ATTEMPTS);
  }

  /** As {@link #Transactor(DataSource)}, giving up after {@code maxAttempts} (at least 1). */
  public Transactor(DataSource dataSource, int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    this.dataSource = dataSource;
    this.maxAttempts = maxAttempts;
  }

  /**
   * How many SQL statements units of work have prepared since this transactor was made, retries
   * included ({@code tally_db_statements_total}): what shows that a request costs a bounded number
   * of statements whatever its size.
   */
  public long statementsPrepared() {
    return statements.sum();
  }

  /**
   * How many pooled connections units of work have asked for since this transactor was made, one
   * per attempt: what shows that a request runs in one transaction, and so waits for the pool at
   * most once when the database is down.
   */
  public long connectionsTaken() {
    return connections.sum();
  }

  /** Runs {@code work} in a read-write transaction, retrying on serialization failure. */
  public <T> T write(Work<T> work) {
    return run(work, false, false);
  }

  /**
   * As {@link #write}, and also retries a unique-key violation: for work that inserts a row when an
   * update found none, where a concurrent transaction may have inserted it first.
   */
  public <T> T writeRetryingDuplicateKeys(Work<T> work) {
    return run(work, false, true);
  }

  /** Runs {@code work} in a read-only transaction that sees one snapshot of the database. */
  public <T> T read(Work<T> work) {
    return run(work, true, false);
  }

  /**
   * Runs {@code work}, which reads with one statement, outside any transaction (autocommit): a
   * statement is its own snapshot, and on a PostgreSQL-wire database it then costs one round trip,
   * where a read transaction adds its {@code BEGIN} and {@code COMMIT}. For the check that decides
   * whether a transaction is needed at all: whether a cached body's version is still current.
   *
   * @throws IllegalStateException if {@code work} prepared more than one statement, which would
   *     each see another snapshot (use {@link #read})
   */
  public <T> T readOneStatement(Work<T> work) {
    return run(
        db -> {
          T result = work.run(db);
          if (db.statementsHere() > 1) {
            throw new IllegalStateException(
                "a one-statement read prepared "
                    + db.statementsHere()
                    + " statements, each its own snapshot; use read");
          }
          return result;
        },
        Mode.ONE_STATEMENT,
        false);
  }

  /**
   * One-statement reads ({@link #readOneStatement}) of a key that concurrent callers share ({@link
   * SharedReads}), each caller waiting for others' reads at most what is left of its wait for
   * connections ({@link ConnectionWaits}), the whole connection timeout outside a request: a
   * statement that takes longer is a database that stopped answering, and those who joined it read
   * for themselves.
   */
  public <K, V> SharedReads<K, V> sharedStatements() {
    return new SharedReads<>(
        () ->
            dataSource instanceof ReconnectingDataSource pool
                ? pool.waitLeftNanos()
                : Long.MAX_VALUE);
  }

  /**
   * Reads of a key that concurrent callers share ({@link SharedReads}) and that do more than wait
   * for the database: rate a draft, serialize a list. Those who join a read wait for it as long as
   * it takes, since each would have taken as long alone; the read's own waits for connections are
   * bounded as every request's are, so a group fails when its leader does, and a caller counts its
   * wait against its own timeout ({@link ConnectionWaits}) before it reads for itself. A statement
   * held by a database that stopped answering holds those who joined it too (docs/operations.md,
   * "Database outages").
   */
  public <K, V> SharedReads<K, V> sharedReads() {
    return new SharedReads<>(() -> Long.MAX_VALUE);
  }

  private <T> T run(Work<T> work, boolean readOnly, boolean retryDuplicateKeys) {
    return run(work, readOnly ? Mode.READ : Mode.WRITE, retryDuplicateKeys);
  }

  /** How a unit of work meets the database. */
  private enum Mode {
    WRITE,
    READ,
    /** Autocommit: the work's one statement is its own transaction. */
    ONE_STATEMENT
  }

  private <T> T run(Work<T> work, Mode mode, boolean retryDuplicateKeys) {
    if (IN_UNIT_OF_WORK.get()) {
      throw new IllegalStateException(
          "a unit of work opened a second transaction while holding one; pass the Transaction on"
              + " instead");
    }
    IN_UNIT_OF_WORK.set(true);
    try {
      return runOutermost(work, mode, retryDuplicateKeys);
    } finally {
      IN_UNIT_OF_WORK.set(false);
    }
  }

  private <T> T runOutermost(Work<T> work, Mode mode, boolean retryDuplicateKeys) {
    boolean readOnly = mode == Mode.READ;
    for (int attempt = 1; ; attempt++) {
      connections.increment();
      try (Connection connection = dataSource.getConnection()) {
        if (mode == Mode.ONE_STATEMENT) {
          connection.setAutoCommit(true);
          try {
            return work.run(new Transaction(connection, statements));
          } finally {
            connection.setAutoCommit(false);
          }
        }
        connection.setReadOnly(readOnly);
        if (readOnly) {
          oneSnapshot(connection);
        }
        try {
          T result = work.run(new Transaction(connection, statements));
          connection.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(connection);
          throw e;
        } finally {
          connection.setReadOnly(false);
        }
      } catch (SQLException e) {
        if (!(isRetryable(e) || (retryDuplicateKeys && isDuplicateKey(e)))
            || attempt >= maxAttempts) {
          throw new StoreException(e);
        }
        log.debug(
            "transaction attempt {} lost a serialization conflict ({}); retrying",
            attempt,
            e.getSQLState());
        sleep(backoff(attempt));
      }
    }
  }

  /**
   * One snapshot for the whole unit of work: a read that spans statements (stored invoices, then
   * live drafts) never sees half of a close that commits meanwhile. On a PostgreSQL-wire database
   * the level is set for this transaction alone, by its first statement, which the driver sends
   * with its {@code BEGIN}: the JDBC setter would set the session's level, a round trip of its own,
   * and the pool would set it back, another, at every read. The embedded database is in the
   * process, so it takes the setter, and the pool restores the default.
   */
  private void oneSnapshot(Connection connection) throws SQLException {
    Boolean isEmbedded = embedded;
    if (isEmbedded == null) {
      isEmbedded = Transaction.isEmbedded(connection);
      embedded = isEmbedded;
    }
    if (isEmbedded) {
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      return;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    }
  }

  static boolean isRetryable(SQLException e) {
    // 40001 serialization failure and 40P01 deadlock (PostgreSQL, CockroachDB, H2); H2 also reports
    // contention as a lock timeout (HYT00) or a concurrent update of the same row (90131).
    return hasState(e, "40001")
        || hasState(e, "40P01")
        || hasState(e, "HYT00")
        || hasState(e, "90131");
  }

  /** Whether {@code e} is a unique-key violation (SQLSTATE 23505, on H2 and PostgreSQL alike). */
  public static boolean isDuplicateKey(SQLException e) {
    return hasState(e, "23505");
  }

  /** Whether the error, its causes or the errors chained behind it (batches) carry the SQLSTATE. */
  private static boolean hasState(SQLException e, String state) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException next = sql; next != null; next = next.getNextException()) {
          if (state.equals(next.getSQLState())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static long backoff(int attempt) {
    long cap = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(attempt, 20));
    return ThreadLocalRandom.current().nextLong(cap + 1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(
          new SQLException("interrupted while waiting to retry a transaction", e));
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The failure that made the work roll back is what its caller reports (during an outage, the
      // one line of the request that failed); a rollback on a broken connection fails as well.
      log.debug("rollback failed: {}", e.getMessage());
    }
  }
}
