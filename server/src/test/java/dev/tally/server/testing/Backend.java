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

  /** The backends of this run; used as {@code @MethodSource("dev.tally.server.testing.Backend#all")}. */
  public static Stream<Backend> all() {
    List<Backend> backends = new ArrayList<>();
    backends.add(new Backend("embedded", () -> DatabaseConfig.inMemory("t" + UUID.randomUUID().toString().replace("-", ""))));
    String postgres = System.getenv(POSTGRES_ENV);
    if (postgres != null && !postgres.isBlank()) {
      backends.add(new Backend("postgresql", () -> freshPostgres(postgres)));
    } else if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(POSTGRES_ENV + " is not set in CI: the PostgreSQL half of the suite cannot run");
    } else {
      System.err.println("""
          ************************************************************************
          * WARNING: TALLY_TEST_POSTGRES_URL is not set: PostgreSQL runs SKIPPED. *
          * Run bin/test (it starts a throwaway PostgreSQL) to test both backends. *
          ************************************************************************""");
    }
    return backends.stream();
  }

  /** A new, empty database on the PostgreSQL server at {@code adminUrl}. */
  public static DatabaseConfig freshPostgres(String adminUrl) {
    String name = "tally_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database on " + adminUrl, e);
    }
    int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
    int query = adminUrl.indexOf('?');
    String url = adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
    return new DatabaseConfig(url, null, null);
  }
}
