package dev.tally.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema migration 10: keys {@code usage_events} by {@code (organization_id, event_id)} and drops
 * its other index, {@code usage_events_by_period}. The key answers both of the table's questions,
 * ingestion's lookup of a batch's ids (both columns given) and the close's forgetting of a month's
 * ids (one organization's ids in key order, filtered by month); the index cost every accepted event
 * a third B-tree entry for a question asked once a month (docs/benchmarks.md, "Ingestion, warm and
 * with eight senders").
 *
 * <p>The key is changed in place, not by copying the rows into a new table, and the ids stay unique
 * at every moment: an instance of the previous version may still be ingesting meanwhile, and it
 * finds a duplicate by the unique violation its insert raises. A copy made under a snapshot would
 * have lost the ids such an instance committed between the copy and the drop; a moment without a
 * unique key would have let it store an id twice. Either way an event would be counted twice on
 * replay ({@code RememberedEventIdsSurviveTheirNewKeyTest}). On PostgreSQL and CockroachDB one
 * statement drops the old key and adds the new one; H2 commits each statement of a schema change,
 * so there a unique index on the same columns holds the ids unique in between. In Java because
 * dropping a primary key has no spelling common to the three: its constraint's name and columns are
 * read from the information schema, which also makes a run cut short safe to repeat.
 */
final class UsageEventsKeyedByOrganization extends NumberedJavaMigration {

  UsageEventsKeyedByOrganization() {
    super(10, "usage events keyed by organization");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    try (Statement s = c.createStatement()) {
      for (String statement : statements(c)) {
        s.execute(statement);
      }
    }
  }

  /**
   * The statements that bring {@code c}'s {@code usage_events} to its new key from where it is, in
   * order; after each of them the ids are unique ({@code
   * RememberedEventIdsSurviveTheirNewKeyTest}). A key already changed is left alone, and every drop
   * is {@code IF EXISTS}, so that a run cut short (H2 keeps what each statement did) can be run
   * again once its failure is repaired.
   */
  static List<String> statements(Connection c) throws SQLException {
    PrimaryKey key = primaryKey(c);
    List<String> statements = new ArrayList<>();
    if (!key.columns().equals(List.of("organization_id", "event_id"))) {
      String drop =
          key.name() == null
              ? ""
              : "ALTER TABLE usage_events DROP CONSTRAINT " + quoted(key.name());
      String add = "ADD PRIMARY KEY (organization_id, event_id)";
      if (Transaction.isEmbedded(c)) {
        // H2 commits after every statement that changes the schema, so between dropping the old
        // key and adding the new one the table would take any id twice: an older instance, which
        // finds duplicates by the unique violation, would count them again. A unique index on the
        // same columns holds them unique from before the drop to after the add.
        statements.add(
            "CREATE UNIQUE INDEX IF NOT EXISTS "
                + UNIQUE_MEANWHILE
                + " ON usage_events (organization_id, event_id)");
        if (!drop.isEmpty()) {
          statements.add(drop);
        }
        statements.add("ALTER TABLE usage_events " + add);
      } else {
        // One statement: CockroachDB drops a primary key only together with adding the next one,
        // and PostgreSQL holds the table's lock throughout.
        statements.add(drop.isEmpty() ? "ALTER TABLE usage_events " + add : drop + ", " + add);
      }
    }
    statements.add("DROP INDEX IF EXISTS " + UNIQUE_MEANWHILE);
    statements.add("DROP INDEX IF EXISTS usage_events_by_period");
    return statements;
  }

  /** The unique index that stands in for the key while H2 changes it. */
  private static final String UNIQUE_MEANWHILE = "usage_events_unique_while_rekeyed";

  /** The table's primary key: its constraint's name (null: none) and its columns in key order. */
  private record PrimaryKey(String name, List<String> columns) {}

  private static PrimaryKey primaryKey(Connection c) throws SQLException {
    String name = null;
    List<String> columns = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT k.constraint_name, k.column_name FROM information_schema.table_constraints t"
                + " JOIN information_schema.key_column_usage k"
                + " ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema"
                + " AND k.table_name = t.table_name"
                + " WHERE LOWER(t.table_name) = 'usage_events' AND t.constraint_type = 'PRIMARY KEY'"
                + " AND t.table_schema = CURRENT_SCHEMA ORDER BY k.ordinal_position")) {
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          name = rows.getString(1);
          columns.add(rows.getString(2).toLowerCase(Locale.ROOT));
        }
      }
    }
    return new PrimaryKey(name, List.copyOf(columns));
  }

  /** A constraint name as an SQL identifier, exactly as the information schema spells it. */
  private static String quoted(String name) {
    if (name.contains("\"")) {
      throw new IllegalArgumentException("unexpected constraint name " + name);
    }
    return '"' + name + '"';
  }
}
