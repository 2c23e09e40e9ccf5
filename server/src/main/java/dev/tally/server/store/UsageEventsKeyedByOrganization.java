package dev.tally.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema migration 10: keys {@code usage_events} by {@code (organization_id, event_id)} and drops
 * its other index, {@code usage_events_by_period}. The key answers both of the table's questions,
 * ingestion's lookup of a batch's ids (both columns given) and the close's forgetting of a month's
 * ids (one organization's ids in key order, filtered by month); the index cost every accepted event
 * a third B-tree entry for a question asked once a month (docs/benchmarks.md, "Ingestion, warm and
 * with eight senders").
 *
 * <p>The key is changed in place, not by copying the rows into a new table: the first statement
 * locks the table against writers until the migration commits, so that an instance of the previous
 * version still ingesting meanwhile waits, and then writes to the re-keyed table. A copy made under
 * a snapshot would have lost the ids such an instance committed between the copy and the drop, and
 * a lost id is an event counted twice on replay. In Java because dropping a primary key has no
 * spelling common to H2, PostgreSQL and CockroachDB: its constraint's name is read from the
 * information schema, and H2 takes the two changes as two statements, CockroachDB only as one.
 */
final class UsageEventsKeyedByOrganization implements JavaMigration {

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("10");
  }

  @Override
  public String getDescription() {
    return "usage events keyed by organization";
  }

  @Override
  public Integer getChecksum() {
    return 10;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    String key = primaryKeyName(c);
    String drop = "ALTER TABLE usage_events DROP CONSTRAINT " + quoted(key);
    String add = "ADD PRIMARY KEY (organization_id, event_id)";
    try (Statement s = c.createStatement()) {
      if (Transaction.isEmbedded(c)) {
        s.execute(drop);
        s.execute("ALTER TABLE usage_events " + add);
      } else {
        // One statement: CockroachDB drops a primary key only together with adding the next one.
        s.execute(drop + ", " + add);
      }
      s.execute("DROP INDEX usage_events_by_period");
    }
  }

  private static String primaryKeyName(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT constraint_name FROM information_schema.table_constraints"
                + " WHERE LOWER(table_name) = 'usage_events' AND constraint_type = 'PRIMARY KEY'"
                + " AND table_schema = CURRENT_SCHEMA")) {
      try (ResultSet rows = s.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("usage_events has no primary key to replace");
        }
        return rows.getString(1);
      }
    }
  }

  /** A constraint name as an SQL identifier, exactly as the information schema spells it. */
  private static String quoted(String name) {
    if (name.contains("\"")) {
      throw new IllegalArgumentException("unexpected constraint name " + name);
    }
    return '"' + name + '"';
  }
}
