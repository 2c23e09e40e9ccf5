package dev.tally.cli;

import dev.tally.server.Tally;
import dev.tally.server.store.DatabaseConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

/**
 * An embedded database in a test's directory, for operator commands to run on and tests to seed.
 * Operator commands refuse a data directory without a database, as a server's first start makes it:
 * {@link #created} makes it the same way.
 */
record CliDatabase(Path dataDir) {

  /** A data directory holding a new, migrated and empty Tally database. */
  static CliDatabase created(Path dataDir) {
    CliDatabase db = new CliDatabase(dataDir);
    db.open().close();
    return db;
  }

  /** Runs {@code tally ARGS --data-dir DIR}. */
  CliRun run(String... args) {
    String[] withDb = Arrays.copyOf(args, args.length + 2);
    withDb[args.length] = "--data-dir";
    withDb[args.length + 1] = dataDir.toString();
    return CliRun.of(withDb);
  }

  /** Tally on the same data, for seeding and checking; close them before the next {@link #run}. */
  Tally open() {
    return Tally.open(DatabaseConfig.embedded(dataDir), Clock.systemUTC());
  }
}
