package dev.tally.cli.options;

import dev.tally.server.Tally;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.store.PoolSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which database a command works on: the same settings as the server's. */
public final class DatabaseOptions {

  @Option(
      names = "--database-url",
      paramLabel = "JDBC_URL",
      description =
          "A PostgreSQL-wire database, e.g. jdbc:postgresql://127.0.0.1:5432/tally "
              + "(default: $TALLY_DATABASE_URL, else the embedded database in the data directory).")
  String url;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the embedded database lives (default: $TALLY_DATA_DIR, else ./tally-data).")
  Path dataDir;

  public DatabaseConfig config() {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (url != null) {
      env.put(DatabaseConfig.URL_ENV, url);
    }
    if (dataDir != null) {
      env.remove(DatabaseConfig.URL_ENV);
      env.put(DatabaseConfig.DATA_DIR_ENV, dataDir.toString());
    }
    return DatabaseConfig.fromEnvironment(env);
  }

  public Tally open() {
    return open(PoolSettings.DEFAULTS);
  }

  /** Opens (and migrates) the database with the pool's settings. */
  public Tally open(PoolSettings pool) {
    return Tally.open(config(), pool, Clock.systemUTC());
  }
}
