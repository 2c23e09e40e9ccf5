package dev.tally.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An open, migrated database: the pooled connections every store draws from. */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /**
   * PostgreSQL driver settings added to a URL that does not set them (seconds): a connection
   * attempt to a host that does not answer gives up after 2 s, so the pool keeps trying while the
   * database is away and reconnects soon after it returns.
   */
  static final String POSTGRES_DEFAULTS = "connectTimeout=2&loginTimeout=3";

  private final ReconnectingDataSource pool;
  private final DatabaseConfig config;

  /** The versions of this build's migrations, as Flyway's history records them. */
  private final List<String> migrations;

  /** Whether opening ran Flyway: false when {@link KnownMigrations} found nothing for it to do. */
  private final boolean ranFlyway;

  private Database(
      ReconnectingDataSource pool,
      DatabaseConfig config,
      Collection<String> migrations,
      boolean ranFlyway) {
    this.pool = pool;
    this.config = config;
    this.migrations = List.copyOf(migrations);
    this.ranFlyway = ranFlyway;
  }

  /** Opens the pool with the default settings and no metrics; for tests and tools. */
  public static Database open(DatabaseConfig config) {
    return open(config, PoolSettings.DEFAULTS, null);
  }

  /**
   * Opens the pool and brings the schema up to the newest migration, through Flyway unless the
   * schema has every one of this build's migrations already ({@link KnownMigrations}).
   *
   * @param registry where the pool reports its state ({@code hikaricp_connections_*}); {@code null}
   *     for none
   * @throws IllegalStateException when the database cannot be reached; {@link SchemaRefused} when
   *     it cannot be migrated, or its history records a failed migration
   */
  public static Database open(
      DatabaseConfig config, PoolSettings settings, MeterRegistry registry) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(withDriverDefaults(config.jdbcUrl()));
    if (config.user() != null) {
      hikari.setUsername(config.user());
    }
    if (config.password() != null) {
      hikari.setPassword(config.password());
    }
    hikari.setPoolName("tally");
    hikari.setMaximumPoolSize(settings.sizeFor(config));
    hikari.setAutoCommit(false);
    long timeout = settings.timeoutFor(config).toMillis();
    hikari.setConnectionTimeout(timeout);
    // A pooled connection is checked before use when it sat idle; a dead one (the database went
    // away) must be found out well within the time a request may wait.
    hikari.setValidationTimeout(Math.max(250, timeout / 2));
    if (registry != null) {
      hikari.setMetricsTrackerFactory(new LastingPoolMetrics(registry));
    }
    ReconnectingDataSource pool;
    try {
      pool = new ReconnectingDataSource(hikari, HikariDataSource::new);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot connect to the database at " + config.describe() + ": " + rootMessage(e), e);
    }
    if (schemaIsCurrent(pool)) {
      return new Database(pool, config, KnownMigrations.APPLIED.keySet(), false);
    }
    // Flyway works on connections of its own, not the pool's: it holds two at once (one for its
    // lock), which a pool of one could never give it.
    Flyway flyway =
        Flyway.configure()
            .dataSource(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword())
            .locations("classpath:db/migration")
            .javaMigrations(KnownMigrations.inJava())
            .load();
    List<String> migrations = new ArrayList<>();
    List<String> newer = new ArrayList<>();
    try {
      flyway.migrate();
      for (MigrationInfo migration : flyway.info().all()) {
        if (migration.getVersion() != null && migration.getState().isResolved()) {
          migrations.add(migration.getVersion().getVersion());
        } else if (migration.getState() == MigrationState.FUTURE_SUCCESS) {
          newer.add("V" + migration.getVersion().getVersion());
        }
      }
    } catch (RuntimeException e) {
      pool.close();
      throw new SchemaRefused(
          "cannot migrate the database at " + config.describe() + ": " + oneLine(rootMessage(e)),
          e);
    }
    Database database = new Database(pool, config, migrations, true);
    refuseFailedMigrations(database);
    if (!newer.isEmpty()) {
      LOG.info(
          "the database's schema has migrations newer than this build's ({}): a newer instance"
              + " migrated it; serving, as in a rolling upgrade",
          String.join(", ", newer));
    }
    return database;
  }

  /**
   * Whether the schema already has exactly this build's migrations ({@link KnownMigrations}), asked
   * on a pooled connection. False, so that Flyway runs and reports, when the pool cannot give one.
   */
  private static boolean schemaIsCurrent(DataSource pool) {
    try (Connection c = pool.getConnection()) {
      boolean current = KnownMigrations.allAppliedIn(c);
      c.rollback();
      return current;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Refuses a schema whose history records a failed migration, which Flyway lets through when the
   * migration is a newer build's: that build left the schema half-changed (H2 keeps each statement
   * of a failed migration), in a state this build does not expect either.
   */
  private static void refuseFailedMigrations(Database database) {
    List<String> failed;
    try {
      failed = database.schemaState(Duration.ofSeconds(30)).failed();
    } catch (SQLException e) {
      database.close();
      throw new SchemaRefused(
          "cannot read the schema history of the database at "
              + database.config.describe()
              + ": "
              + oneLine(rootMessage(e)),
          e);
    }
    if (!failed.isEmpty()) {
      database.close();
      throw new SchemaRefused(
          "the schema history of the database at "
              + database.config.describe()
              + " records a failed migration ("
              + String.join(", ", failed)
              + "): repair the database before serving (docs/operations.md, \"Upgrading\")",
          null);
    }
  }

  /**
   * Flyway's reason on one line: its lines joined, without the advertisement it appends ("Need more
   * flexibility with validation rules? Learn more: ...").
   */
  static String oneLine(String message) {
    if (message == null) {
      return "no reason given";
    }
    StringBuilder line = new StringBuilder();
    for (String part : message.split("\\R")) {
      String text = part.strip();
      if (text.isEmpty() || text.startsWith("Need more flexibility") || text.contains("rd.gt/")) {
        continue;
      }
      if (!line.isEmpty()) {
        line.append(line.charAt(line.length() - 1) == ':' ? " " : "; ");
      }
      line.append(text);
    }
    return line.isEmpty() ? "no reason given" : line.toString();
  }

  /** Whether opening ran Flyway, false when the schema was current already; for tests. */
  boolean ranFlyway() {
    return ranFlyway;
  }

  /**
   * How many parsed statements the embedded database keeps per connection (H2's {@code
   * QUERY_CACHE_SIZE}, 8 by default). Fewer than a unit of work's distinct statements, and every
   * statement of every transaction is parsed again: a month close runs about twenty distinct
   * statements per organization, and parsing them was over a quarter of the close's CPU (with them
   * kept, a close ran 1.3 to 2.2 times faster; docs/benchmarks.md). Room here for every fixed
   * statement Tally prepares (about 70), so a pooled connection that serves ingestion, reads and
   * closes in turn parses each once. H2 applies it when the database opens; a connection to an open
   * database gets the size it was opened with.
   */
  static final int H2_QUERY_CACHE_SIZE = 128;

  /**
   * The URL with {@link #POSTGRES_DEFAULTS} added where it sets none of them, or for the embedded
   * database {@link #H2_QUERY_CACHE_SIZE} where it does not set its own.
   */
  static String withDriverDefaults(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return jdbcUrl.toUpperCase(Locale.ROOT).contains(";QUERY_CACHE_SIZE=")
          ? jdbcUrl
          : jdbcUrl + ";QUERY_CACHE_SIZE=" + H2_QUERY_CACHE_SIZE;
    }
    if (!jdbcUrl.startsWith("jdbc:postgresql:")
        || jdbcUrl.contains("connectTimeout=")
        || jdbcUrl.contains("loginTimeout=")) {
      return jdbcUrl;
    }
    return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + POSTGRES_DEFAULTS;
  }

  public DataSource dataSource() {
    return pool;
  }

  public DatabaseConfig config() {
    return config;
  }

  /**
   * Whether the database answers a trivial query now. Bounded by the pool's connection timeout and
   * by {@code queryTimeout}; a caller that needs a tighter bound runs it on its own thread.
   *
   * <p>The timeout is taken off again before the connection goes back to the pool: H2 keeps a
   * statement's query timeout on its connection ({@code SET QUERY_TIMEOUT}), so every {@code
   * /readyz} once left a pooled connection that cancelled any later statement of over a second on
   * it (a 10,000-event batch, a month close: "Statement was canceled", answered 503).
   *
   * @throws SQLException when it does not
   */
  public void ping(Duration queryTimeout) throws SQLException {
    onBoundedStatement(queryTimeout, s -> s.execute("SELECT 1"));
  }

  /** Work on one statement of a pooled connection. */
  @FunctionalInterface
  private interface StatementWork {
    void on(Statement statement) throws SQLException;
  }

  /**
   * Runs {@code work} on a pooled connection's statement bounded by {@code queryTimeout}, then
   * rolls back and takes the timeout off again before the connection goes back (see {@link #ping}).
   */
  private void onBoundedStatement(Duration queryTimeout, StatementWork work) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout((int) Math.max(1, (queryTimeout.toMillis() + 999) / 1000));
      try {
        work.on(s);
        c.rollback();
      } finally {
        s.setQueryTimeout(0);
      }
    }
  }

  /**
   * The schema against this build's migrations: how many of them the database lacks (0 once
   * migrated, as {@link #open} leaves it; a newer instance's migrations do not count), and those
   * its history records as failed ({@code V4 rating records}), which leave the schema in a state no
   * build of Tally expects until an operator repairs it. Read from Flyway's history table in one
   * statement on a pooled connection, bounded by {@code queryTimeout} like {@link #ping}: asking
   * Flyway itself opened two connections and searched the class path on every {@code /readyz},
   * which on a busy machine outlasted the probe's half second.
   *
   * @throws SQLException when the database does not answer
   */
  public SchemaState schemaState(Duration queryTimeout) throws SQLException {
    Set<String> recorded = new HashSet<>();
    List<String> failed = new ArrayList<>();
    onBoundedStatement(
        queryTimeout,
        s -> {
          try (ResultSet rows =
              s.executeQuery(
                  "SELECT version, description, success FROM flyway_schema_history"
                      + " ORDER BY installed_rank")) {
            while (rows.next()) {
              String version = rows.getString(1);
              if (version != null) {
                recorded.add(version);
              }
              if (!rows.getBoolean(3)) {
                // A repeatable migration has no version (Tally ships none, but one may be there).
                failed.add(
                    (version == null ? "repeatable" : "V" + version) + " " + rows.getString(2));
              }
            }
          }
        });
    // A failed migration is recorded, not pending: it needs a repair, not a migrate.
    int pending = (int) migrations.stream().filter(version -> !recorded.contains(version)).count();
    return new SchemaState(pending, List.copyOf(failed));
  }

  /**
   * @param pending how many of this build's migrations the database lacks
   * @param failed the migrations its history records as failed, {@code V<version> <description>}
   */
  public record SchemaState(int pending, List<String> failed) {}

  @Override
  public void close() {
    pool.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
