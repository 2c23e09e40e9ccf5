package dev.tally.server.testing;

import dev.tally.server.store.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A database the suite runs against. Every storage and API test runs once per backend: the embedded
 * database always, and PostgreSQL when {@code TALLY_TEST_POSTGRES_URL} names a server (bin/test and
 * .ci/run start one). Each call of {@link #fresh()} gives an empty database of its own.
 */
public record Backend(String name, Supplier<DatabaseConfig> fresh) {

  public static final String POSTGRES_ENV = "TALLY_TEST_POSTGRES_URL";

  public DatabaseConfig freshDatabase() {
    return fresh.get();
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * The backends of this run; used as
   * {@code @MethodSource("dev.tally.server.testing.Backend#all")}.
   */
  public static Stream<Backend> all() {
    List<Backend> backends = new ArrayList<>();
    backends.add(
        new Backend(
            "embedded",
            () -> DatabaseConfig.inMemory("t" + UUID.randomUUID().toString().replace("-", ""))));
    String postgres = System.getenv(POSTGRES_ENV);
    if (postgres != null && !postgres.isBlank()) {
      backends.add(new Backend("postgresql", () -> freshPostgres(postgres)));
      // CockroachDB's defaults, as far as PostgreSQL can show them: every transaction serializable,
      // and the batch-rewriting driver setting recommended for it, which reports no per-row counts.
      backends.add(
          new Backend("postgresql-serializable", () -> serializable(freshPostgres(postgres))));
    } else if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          POSTGRES_ENV + " is not set in CI: the PostgreSQL half of the suite cannot run");
    } else {
      System.err.println(
          """
          ************************************************************************
          * WARNING: TALLY_TEST_POSTGRES_URL is not set: PostgreSQL runs SKIPPED. *
          * Run bin/test (it starts a throwaway PostgreSQL) to test both backends. *
          ************************************************************************""");
    }
    return backends.stream();
  }

  /**
   * The database, made SERIALIZABLE by default and reached with {@code reWriteBatchedInserts=true}.
   */
  static DatabaseConfig serializable(DatabaseConfig database) {
    String url = database.jdbcUrl();
    String name =
        url.substring(
            url.lastIndexOf('/') + 1, url.contains("?") ? url.indexOf('?') : url.length());
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + name + " SET default_transaction_isolation TO 'serializable'");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot make " + name + " serializable", e);
    }
    return new DatabaseConfig(
        url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true", null, null);
  }

  /** A new, empty database on the PostgreSQL server at {@code adminUrl}. */
  public static DatabaseConfig freshPostgres(String adminUrl) {
    String name = "tally_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database on " + adminUrl, e);
    }
    int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
    int query = adminUrl.indexOf('?');
    String url =
        adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
    return new DatabaseConfig(url, null, null);
  }
}
