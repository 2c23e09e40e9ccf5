package dev.tally.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The migrations this build ships, as Flyway's history table records them once applied: each
 * version with its description and checksum. A database whose history holds exactly these, every
 * one successful, and no other row, is opened without Flyway: Flyway would find nothing to do, and
 * finding that out (searching the class path, reading and checksumming every migration, validating)
 * took 200 to 300 ms of every start (docs/benchmarks.md, "Start-up"). Anything else goes through
 * Flyway as before, which migrates or reports: a new database, a pending or failed migration, a
 * checksum that differs because an applied file was edited, or a newer build's migrations.
 *
 * <p>Add each new migration here with the description and checksum Flyway gives it ({@code
 * KnownMigrationsTest} fails and prints it until then). A released entry never changes: a migration
 * that has run somewhere is never edited, which is what Flyway's validation, kept by this check,
 * enforces.
 */
final class KnownMigrations {

  /** One applied migration as {@code flyway_schema_history} records it. */
  record Applied(String description, int checksum) {}

  /** Version to description and checksum, as in {@code flyway_schema_history}. */
  static final Map<String, Applied> APPLIED =
      Map.of(
          "1", new Applied("organizations access invoices", -1325121244),
          "2", new Applied("usage prices credits periods", -1527044566),
          "3", new Applied("billing start event scope sum room", -349920744),
          "4", new Applied("rating records", -1964674543),
          "5", new Applied("billing contact", 727746637),
          "6", new Applied("organization revision", -658273461),
          "7", new Applied("rating record beside invoice", 330897042),
          "8", new Applied("rating records into invoices", 8), // RatingRecordsIntoInvoices
          "9", new Applied("rating records dropped", -1377972223),
          "10", new Applied("usage events keyed by organization", 10)); // UsageEventsKeyed...

  /** The types of the rows Flyway writes about itself, with no version (H2 gets a TABLE row). */
  private static final Set<String> FLYWAY_MARKERS = Set.of("TABLE", "SCHEMA");

  private KnownMigrations() {}

  /** The migrations written in Java, which Flyway is given by instance (the rest are SQL files). */
  static JavaMigration[] inJava() {
    return new JavaMigration[] {
      new RatingRecordsIntoInvoices(), new UsageEventsKeyedByOrganization()
    };
  }

  /**
   * Whether {@code c}'s database has applied exactly this build's migrations, each successfully,
   * with its description and checksum, and nothing else (no repeatable, baseline or failed row),
   * read in one statement. False where that cannot be read, a new database without the history
   * table among others: then the statement's transaction is rolled back (which PostgreSQL needs
   * after a failed statement) and Flyway, which runs next, migrates or reports.
   */
  static boolean allAppliedIn(Connection c) {
    Map<String, Applied> applied = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "SELECT version, description, checksum, success, type FROM flyway_schema_history")) {
      while (rows.next()) {
        String version = rows.getString(1);
        String description = rows.getString(2);
        int checksum = rows.getInt(3);
        boolean noChecksum = rows.wasNull();
        boolean success = rows.getBoolean(4);
        if (version == null && success && FLYWAY_MARKERS.contains(rows.getString(5))) {
          continue; // Flyway's note that it made the table (or the schema), not a migration
        }
        if (version == null
            || noChecksum
            || !success
            || applied.put(version, new Applied(description, checksum)) != null) {
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
    return applied.equals(APPLIED);
  }
}
