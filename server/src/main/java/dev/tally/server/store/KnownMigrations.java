package dev.tally.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The migrations this build ships, as Flyway's history table records them once applied: each
 * version with its checksum. A database whose history holds exactly these, every one successful, is
 * opened without Flyway: Flyway would find nothing to do, and finding that out (searching the class
 * path, reading and checksumming every migration, validating) took 200 to 300 ms of every start
 * (docs/benchmarks.md, "Start-up"). Anything else goes through Flyway as before, which migrates or
 * reports: a new database, a pending or failed migration, a checksum that differs because an
 * applied file was edited, or a newer build's migrations.
 *
 * <p>Add each new migration here with the checksum Flyway gives it ({@code KnownMigrationsTest}
 * fails and prints it until then). A released entry never changes: a migration that has run
 * somewhere is never edited, which is what Flyway's validation, kept by this check, enforces.
 */
final class KnownMigrations {

  /** Version to checksum, as in {@code flyway_schema_history}. */
  static final Map<String, Integer> CHECKSUMS =
      Map.of(
          "1", -1325121244,
          "2", -1527044566,
          "3", -349920744,
          "4", -1964674543,
          "5", 727746637,
          "6", -658273461,
          "7", 330897042,
          "8", 8, // RatingRecordsIntoInvoices.getChecksum
          "9", -1377972223,
          "10", 10); // UsageEventsKeyedByOrganization.getChecksum

  private KnownMigrations() {}

  /** The migrations written in Java, which Flyway is given by instance (the rest are SQL files). */
  static JavaMigration[] inJava() {
    return new JavaMigration[] {
      new RatingRecordsIntoInvoices(), new UsageEventsKeyedByOrganization()
    };
  }

  /**
   * Whether {@code c}'s database has applied exactly this build's migrations, each successfully and
   * with its checksum, read in one statement. False where that cannot be read, a new database
   * without the history table among others: then the statement's transaction is rolled back (which
   * PostgreSQL needs after a failed statement) and Flyway, which runs next, migrates or reports.
   */
  static boolean allAppliedIn(Connection c) {
    Map<String, Integer> applied = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT version, checksum, success FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL")) {
      while (rows.next()) {
        int checksum = rows.getInt(2);
        boolean noChecksum = rows.wasNull();
        if (!rows.getBoolean(3) || noChecksum || applied.put(rows.getString(1), checksum) != null) {
          return false;
        }
      }
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // The connection is discarded by its caller either way.
      }
      return false;
    }
    return applied.equals(CHECKSUMS);
  }
}
