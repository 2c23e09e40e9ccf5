package dev.tally.cli.options;

import dev.tally.cli.CliException;
import dev.tally.cli.DatabaseErrorMessage;
import dev.tally.server.Tally;
import dev.tally.server.store.DatabaseConfig;
import dev.tally.server.store.PoolSettings;
import java.io.IOException;
import java.nio.file.Files;
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

  /** The environment variables read; the process's unless a test hands in others. */
  public Map<String, String> environment = System.getenv();

  /**
   * The database the flags and environment name. A flag beats its own environment variable; a URL
   * and a data directory together are refused, whether flags, variables or one of each, since
   * either would silently win.
   *
   * @param create whether an embedded database may be made where there is none ({@code serve} and
   *     {@code demo}); otherwise a data directory without one is refused, so a mistyped path is
   *     said so instead of answering from a new, empty database left behind
   * @throws CliException (exit code 2) naming the settings when both are given, when a flag is
   *     given empty, when the URL is not a supported JDBC URL, when the data directory is not a
   *     directory that can be created and written, or when it holds no Tally database and {@code
   *     create} is false
   */
  private DatabaseConfig config(boolean create) {
    if (url != null && url.isBlank()) {
      throw CliException.invalid(
          "--database-url is empty; give a JDBC URL, or leave the option out for the embedded"
              + " database");
    }
    if (dataDir != null && dataDir.toString().isBlank()) {
      throw CliException.invalid("--data-dir is empty; give a directory");
    }
    // A URL from one place and a data directory from another is refused like both flags: whichever
    // won, the other was meant, and an operator would read or write the wrong database.
    String urlFrom =
        url != null
            ? "--database-url"
            : isSet(environment, DatabaseConfig.URL_ENV) ? "TALLY_DATABASE_URL" : null;
    String dirFrom =
        dataDir != null
            ? "--data-dir"
            : isSet(environment, DatabaseConfig.DATA_DIR_ENV) ? "TALLY_DATA_DIR" : null;
    if (urlFrom != null && dirFrom != null) {
      throw CliException.invalid(
          urlFrom.startsWith("--") && dirFrom.startsWith("--")
              ? "pass either --database-url or --data-dir, not both (a URL means PostgreSQL, a"
                  + " data directory the embedded database)"
              : urlFrom
                  + " and "
                  + dirFrom
                  + " are both set; give one (a URL means PostgreSQL, a data directory the"
                  + " embedded database)");
    }
    Map<String, String> env = new HashMap<>(environment);
    if (url != null) {
      env.put(DatabaseConfig.URL_ENV, url);
      env.remove(DatabaseConfig.DATA_DIR_ENV);
    } else if (dataDir != null) {
      env.remove(DatabaseConfig.URL_ENV);
      env.put(DatabaseConfig.DATA_DIR_ENV, dataDir.toString());
    }
    DatabaseConfig config;
    try {
      config = DatabaseConfig.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw CliException.invalid(
          (url != null ? "--database-url" : "TALLY_DATABASE_URL") + ": " + e.getMessage());
    }
    if (config.isEmbedded() && !isSet(env, DatabaseConfig.URL_ENV)) {
      String dir = env.get(DatabaseConfig.DATA_DIR_ENV);
      Path path = dir == null || dir.isBlank() ? DatabaseConfig.DEFAULT_DATA_DIR : Path.of(dir);
      String setting =
          dataDir != null
              ? "--data-dir"
              : isSet(env, DatabaseConfig.DATA_DIR_ENV) ? "TALLY_DATA_DIR" : "the data directory";
      if (create) {
        requireUsableDirectory(path, setting);
      } else {
        requireExistingDatabase(path, setting);
      }
    }
    return config;
  }

  /**
   * The file H2 keeps the embedded database in, {@code tally.mv.db}, as {@link
   * DatabaseConfig#embedded} names it: its presence is what "holds a Tally database" means.
   */
  static final String EMBEDDED_FILE = "tally.mv.db";

  /** Refuses a data directory without a Tally database, creating nothing. */
  private static void requireExistingDatabase(Path dir, String setting) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw CliException.invalid(setting + " " + dir + " is a file, not a directory");
    }
    if (!Files.isRegularFile(dir.resolve(EMBEDDED_FILE))) {
      throw CliException.invalid(
          "no Tally database in "
              + dir
              + "; start `tally serve --data-dir "
              + dir
              + "` or check the path");
    }
    if (!Files.isWritable(dir)) {
      throw CliException.invalid(setting + " " + dir + " is not writable by this user");
    }
  }

  /** Creates the data directory if it is missing; refuses a file or a directory it cannot write. */
  private static void requireUsableDirectory(Path dir, String setting) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw CliException.invalid(setting + " " + dir + " is a file, not a directory");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      throw CliException.invalid(setting + " " + dir + " cannot be created: " + reason(e));
    }
    if (!Files.isWritable(dir)) {
      throw CliException.invalid(setting + " " + dir + " is not writable by this user");
    }
  }

  private static String reason(Exception e) {
    return switch (e) {
      case java.nio.file.AccessDeniedException a -> "permission denied";
      case java.nio.file.FileAlreadyExistsException f -> f.getFile() + " is a file";
      case java.nio.file.FileSystemException f when f.getReason() != null -> f.getReason();
      case java.nio.file.NoSuchFileException n
          when n.getFile() != null
              && Path.of(n.getFile()).getParent() != null
              && !Files.isDirectory(Path.of(n.getFile()).getParent()) ->
          "a directory above it does not exist";
      // The message of these is only the path (/proc refuses new directories this way).
      case java.nio.file.FileSystemException f -> "the file system does not allow it there";
      default -> String.valueOf(e.getMessage());
    };
  }

  private static boolean isSet(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  /**
   * Opens (and migrates) an existing database, for the commands that read or administer one.
   *
   * @throws CliException exit code 2 when the data directory holds no Tally database; exit code 5
   *     when the database cannot be reached or refuses the connection
   */
  public Tally open() {
    return open(config(false), PoolSettings.DEFAULTS);
  }

  /**
   * Opens (and migrates) the database with the pool's settings, making an embedded one where there
   * is none: for {@code serve} and {@code demo}, which start a database's life.
   *
   * @throws CliException as {@link #open()}, except that a data directory without a database is not
   *     refused
   */
  public Tally openOrCreate(PoolSettings pool) {
    return open(config(true), pool);
  }

  private static Tally open(DatabaseConfig config, PoolSettings pool) {
    try {
      return Tally.open(config, pool, Clock.systemUTC());
    } catch (RuntimeException e) {
      throw DatabaseErrorMessage.opening(config, e);
    }
  }
}
