package dev.tally.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The pool, made to come back quickly after the database does. HikariCP reconnects by itself, but
 * after a long outage it waits up to 5 s between attempts. So when the pool cannot hand out a
 * connection and holds none, a watcher tries the database directly every {@link #PROBE_EVERY}; as
 * soon as it answers, the empty pool is replaced by a fresh one, which connects at once.
 *
 * <p>Inside a {@link ConnectionWaits} scope (an HTTP request), an acquisition waits only what is
 * left of the connection timeout after the scope's earlier acquisitions.
 */
final class ReconnectingDataSource implements DataSource, AutoCloseable {

  static final Duration PROBE_EVERY = Duration.ofMillis(200);

  private static final org.slf4j.Logger log = LoggerFactory.getLogger(ReconnectingDataSource.class);

  private final HikariConfig config;
  private final Function<HikariConfig, HikariDataSource> open;
  private volatile HikariDataSource pool;
  // Neither is guarded by this object's lock: a request that failed must never wait for the watcher
  // replacing the pool (which holds the lock while the new pool connects) only to learn that a
  // watcher runs. It would answer its 503 late, after its whole connection timeout.
  private final AtomicBoolean watching = new AtomicBoolean();
  private volatile boolean closed;

  ReconnectingDataSource(HikariConfig config, Function<HikariConfig, HikariDataSource> open) {
    this.config = config;
    this.open = open;
    this.pool = open.apply(copy(config));
  }

  @Override
  public Connection getConnection() throws SQLException {
    HikariDataSource current = pool;
    long[] spent = ConnectionWaits.current();
    try {
      if (spent == null) {
        return current.getConnection();
      }
      return withinBudget(current, spent);
    } catch (SQLException e) {
      if (current != pool) {
        // The pool was replaced (the database is back) while this request held the old one,
        // which is closed now: the new one answers it, rather than a 503 just after recovery.
        return getConnection();
      }
      // Only the pool in use: one just replaced (closed, so empty) is no sign of an outage.
      if (e instanceof SQLTransientConnectionException
          && current.getHikariPoolMXBean() != null
          && current.getHikariPoolMXBean().getTotalConnections() == 0) {
        watch(current);
      }
      throw e;
    }
  }

  /**
   * What is left of this thread's wait for connections, in nanoseconds: the connection timeout less
   * what its {@link ConnectionWaits} scope has waited, within the scope's cap; the whole timeout
   * outside a scope. Never negative.
   */
  long waitLeftNanos() {
    long timeout = Duration.ofMillis(config.getConnectionTimeout()).toNanos();
    long[] spent = ConnectionWaits.current();
    return spent == null ? timeout : Math.max(0, Math.min(timeout, spent[1]) - spent[0]);
  }

  /**
   * A connection within what is left of the request's wait ({@link ConnectionWaits}); the time this
   * acquisition waited is added to the request's count, whether it got one or not.
   */
  private Connection withinBudget(HikariDataSource current, long[] spent) throws SQLException {
    long leftNanos =
        Math.min(Duration.ofMillis(config.getConnectionTimeout()).toNanos(), spent[1]) - spent[0];
    if (leftNanos <= 0) {
      throw new SQLTransientConnectionException(
          "this request has already waited its whole database timeout ("
              + config.getConnectionTimeout()
              + " ms) for connections");
    }
    long started = System.nanoTime();
    try {
      // HikariPool.getConnection(timeout) is HikariDataSource.getConnection() with a timeout of
      // the caller's: the data source itself only offers the pool-wide one.
      if (!current.isClosed() && current.getHikariPoolMXBean() instanceof HikariPool hikari) {
        return hikari.getConnection(Math.max(1, Math.ceilDiv(leftNanos, 1_000_000L)));
      }
      return current.getConnection();
    } finally {
      spent[0] += System.nanoTime() - started;
    }
  }

  /**
   * Starts the watcher, unless it runs or the pool that failed was replaced meanwhile. Never waits:
   * it is called on a request's thread, on the way to that request's 503.
   */
  private void watch(HikariDataSource failed) {
    // A pool just replaced (closed, so empty) is no sign of an outage.
    if (closed || failed != pool || !watching.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual().name("tally-db-reconnect").start(this::awaitDatabase);
  }

  private void awaitDatabase() {
    // Once per outage, on the watcher's thread, so no request's line carries it: each request the
    // outage fails says so on its own line (ApiServer), and HikariCP's lines are kept to errors
    // (tally-log-libraries.xml).
    log.warn(
        "the database does not answer; requests get 503 until it does (trying every {} ms)",
        PROBE_EVERY.toMillis());
    try {
      while (!isClosed()) {
        if (answers()) {
          replacePool();
          return;
        }
        Thread.sleep(PROBE_EVERY);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      watching.set(false);
    }
  }

  private boolean answers() {
    Properties credentials = new Properties();
    if (config.getUsername() != null) {
      credentials.setProperty("user", config.getUsername());
    }
    if (config.getPassword() != null) {
      credentials.setProperty("password", config.getPassword());
    }
    try (Connection probe = DriverManager.getConnection(config.getJdbcUrl(), credentials)) {
      return probe.isValid(1);
    } catch (SQLException stillAway) {
      return false;
    }
  }

  private synchronized void replacePool() {
    HikariDataSource old = pool;
    if (closed) {
      return;
    }
    if (old.getHikariPoolMXBean().getTotalConnections() > 0) {
      log.info("the database answers again");
      return; // the pool reconnected by itself meanwhile
    }
    // The old pool goes first: it takes its gauges with it, and the new one registers them anew
    // (its counters count on: LastingPoolMetrics).
    old.close();
    try {
      pool = open.apply(copy(config));
      log.info("the database answers again; reconnected");
    } catch (RuntimeException e) {
      pool = old; // closed: requests fail fast until the next try, as during the outage
      log.warn("the database answers again, but the pool could not reconnect: {}", e.getMessage());
    }
  }

  private boolean isClosed() {
    return closed;
  }

  private static HikariConfig copy(HikariConfig config) {
    HikariConfig copy = new HikariConfig();
    config.copyStateTo(copy);
    return copy;
  }

  @Override
  public synchronized void close() {
    closed = true;
    pool.close();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the pool's credentials are fixed");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    return pool.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || pool.isWrapperFor(type);
  }
}
