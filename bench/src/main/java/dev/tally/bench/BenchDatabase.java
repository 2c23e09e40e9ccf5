package dev.tally.bench;

import dev.tally.server.store.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An empty database of its own for one benchmark: a new data directory for the embedded database,
 * or a new database on the PostgreSQL server. Removed again on {@link #close} unless asked to keep
 * it.
 */
final class BenchDatabase implements AutoCloseable {

  private final String backend;
  private final DatabaseConfig config;
  private final Path dataDir;
  private final String postgresAdminUrl;
  private final String postgresName;
  private final boolean keep;

  private BenchDatabase(
      String backend,
      DatabaseConfig config,
      Path dataDir,
      String postgresAdminUrl,
      String postgresName,
      boolean keep) {
    this.backend = backend;
    this.config = config;
    this.dataDir = dataDir;
    this.postgresAdminUrl = postgresAdminUrl;
    this.postgresName = postgresName;
    this.keep = keep;
  }

  /**
   * A fresh database on {@code backend} ("embedded" or "postgres"), its name starting with {@code
   * label}.
   */
  static BenchDatabase fresh(String backend, String postgresAdminUrl, String label, boolean keep) {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    switch (backend) {
      case "embedded" -> {
        try {
          Path dir = Files.createTempDirectory("tally-bench-" + label + "-");
          return new BenchDatabase(backend, DatabaseConfig.embedded(dir), dir, null, null, keep);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      case "postgres" -> {
        if (postgresAdminUrl == null || postgresAdminUrl.isBlank()) {
          throw new IllegalArgumentException(
              "--database postgres needs --postgres-url or TALLY_TEST_POSTGRES_URL (bin/benchmark starts a throwaway server)");
        }
        String name = "bench_" + label.replace('-', '_') + "_" + suffix;
        try (Connection c = DriverManager.getConnection(postgresAdminUrl);
            Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
          throw new IllegalStateException(
              "cannot create a database on the PostgreSQL server: " + e.getMessage(), e);
        }
        int slash = postgresAdminUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = postgresAdminUrl.indexOf('?');
        String url =
            postgresAdminUrl.substring(0, slash + 1)
                + name
                + (query < 0 ? "" : postgresAdminUrl.substring(query));
        return new BenchDatabase(
            backend, new DatabaseConfig(url, null, null), null, postgresAdminUrl, name, keep);
      }
      default ->
          throw new IllegalArgumentException(
              "unknown database '" + backend + "': expected embedded or postgres");
    }
  }

  String backend() {
    return backend;
  }

  DatabaseConfig config() {
    return config;
  }

  /**
   * The embedded database's data directory ({@code tally serve --data-dir}); null on PostgreSQL.
   */
  Path dataDirectory() {
    return dataDir;
  }

  /** Where the data is: the directory or the database name. */
  String location() {
    return dataDir != null ? dataDir.toString() : postgresName;
  }

  /** Call after Tally on it is closed. */
  @Override
  public void close() {
    if (keep) {
      System.out.println("kept the database: " + location());
      return;
    }
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        System.err.println("could not remove " + dataDir + ": " + e.getMessage());
      }
    } else {
      try (Connection c = DriverManager.getConnection(postgresAdminUrl);
          Statement s = c.createStatement()) {
        try {
          s.execute("DROP DATABASE IF EXISTS " + postgresName + " WITH (FORCE)");
        } catch (SQLException beforePostgres13) {
          s.execute("DROP DATABASE IF EXISTS " + postgresName);
        }
      } catch (SQLException e) {
        System.err.println("could not drop the database " + postgresName + ": " + e.getMessage());
      }
    }
  }
}
