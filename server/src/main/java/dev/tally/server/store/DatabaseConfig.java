package dev.tally.server.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the data lives. With no JDBC URL configured, Tally keeps an embedded database in a local
 * data directory, so there is nothing to install.
 *
 * @param jdbcUrl a JDBC URL ({@code jdbc:postgresql://...} or {@code jdbc:h2:...})
 * @param user the database user, or {@code null}
 * @param password the database password, or {@code null}; never logged
 */
public record DatabaseConfig(String jdbcUrl, String user, String password) {

  public static final String URL_ENV = "TALLY_DATABASE_URL";
  public static final String USER_ENV = "TALLY_DATABASE_USER";
  public static final String PASSWORD_ENV = "TALLY_DATABASE_PASSWORD";
  public static final String DATA_DIR_ENV = "TALLY_DATA_DIR";
  public static final Path DEFAULT_DATA_DIR = Path.of("tally-data");

  public DatabaseConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:") && !jdbcUrl.startsWith("jdbc:h2:")) {
      throw new IllegalArgumentException(
          "unsupported database URL: expected jdbc:postgresql://host:port/db or jdbc:h2:...");
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      PostgresUrl.check(jdbcUrl);
    }
  }

  /**
   * The embedded database in {@code dataDir}. {@code AUTO_SERVER} lets the operator CLI work on the
   * same files while a server has them open; {@code WRITE_DELAY=0} writes every commit to the file
   * before it is acknowledged, so a killed process loses nothing it confirmed. The statement cache
   * is left to {@link Database}, which sizes it for every statement Tally prepares. H2 closes such
   * a database from a JVM shutdown hook of its own ({@code DB_CLOSE_ON_EXIT}, which {@code
   * AUTO_SERVER} requires), so a server must finish its work before the JVM begins to shut down:
   * {@code tally serve} handles SIGTERM itself for that.
   */
  public static DatabaseConfig embedded(Path dataDir) {
    String file = dataDir.toAbsolutePath().normalize().resolve("tally").toString();
    return new DatabaseConfig(
        "jdbc:h2:file:"
            + file
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=10000",
        "tally",
        "");
  }

  /**
   * A private in-memory embedded database, for tests. It outlives its pool ({@code
   * DB_CLOSE_DELAY=-1}), so a test may stop Tally and open it again on the same data; it is gone
   * when the JVM exits.
   */
  public static DatabaseConfig inMemory(String name) {
    return new DatabaseConfig(
        "jdbc:h2:mem:"
            + name
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "tally",
        "");
  }

  /** Reads {@code TALLY_DATABASE_URL} and friends, falling back to the embedded database. */
  public static DatabaseConfig fromEnvironment(Map<String, String> env) {
    String url = env.get(URL_ENV);
    if (url == null || url.isBlank()) {
      String dir = env.get(DATA_DIR_ENV);
      return embedded(dir == null || dir.isBlank() ? DEFAULT_DATA_DIR : Path.of(dir));
    }
    // An empty variable counts as not set, as for every setting (README, "Running it").
    return new DatabaseConfig(url, set(env.get(USER_ENV)), set(env.get(PASSWORD_ENV)));
  }

  private static String set(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  public boolean isEmbedded() {
    return jdbcUrl.startsWith("jdbc:h2:");
  }

  /** The URL without credentials a URL might carry, for logs and messages. */
  public String describe() {
    int query = jdbcUrl.indexOf('?');
    String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    int semicolon = base.indexOf(';');
    return semicolon < 0 ? base : base.substring(0, semicolon);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[" + describe() + ", user=" + user + "]";
  }
}
