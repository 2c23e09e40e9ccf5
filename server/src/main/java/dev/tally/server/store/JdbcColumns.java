package dev.tally.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Column conversions and statement shapes that behave the same on H2 and PostgreSQL drivers. */
public final class JdbcColumns {

  /** The most values one {@code IN (...)} list binds, so that statements stay small. */
  private static final int IN_CHUNK = 500;

  private JdbcColumns() {}

  public static void setInstant(PreparedStatement statement, int index, Instant value)
      throws SQLException {
    statement.setObject(index, value == null ? null : value.atOffset(ZoneOffset.UTC));
  }

  public static Instant getInstant(ResultSet rows, String column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** Reads one row of a result. */
  @FunctionalInterface
  public interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  /**
   * Runs {@code sql}, whose last parameter is an {@code IN} list written {@code IN (?)}, once per
   * chunk of {@code ids} (duplicates dropped), binding {@code leading} parameters first, and hands
   * every row to {@code reader}. Chunks keep statements small whatever the number of ids.
   */
  public static void selectIn(
      Transaction db, String sql, List<?> leading, Collection<String> ids, RowReader reader)
      throws SQLException {
    if (!sql.contains("IN (?)")) {
      throw new IllegalArgumentException("the statement must end its IN list as 'IN (?)': " + sql);
    }
    List<String> all = new ArrayList<>(new TreeSet<>(ids));
    for (int from = 0; from < all.size(); from += IN_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
      String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
      try (PreparedStatement s = db.prepare(sql.replace("IN (?)", "IN (" + marks + ")"))) {
        int index = 1;
        for (Object value : leading) {
          s.setObject(index++, value);
        }
        for (String id : chunk) {
          s.setString(index++, id);
        }
        try (ResultSet rows = s.executeQuery()) {
          while (rows.next()) {
            reader.read(rows);
          }
        }
      }
    }
  }

  /**
   * {@link #selectIn} for two string columns: the first mapped to the second, for every row found.
   */
  public static Map<String, String> selectPairsIn(
      Transaction db, String sql, Collection<String> ids) throws SQLException {
    Map<String, String> found = new HashMap<>();
    selectIn(db, sql, List.of(), ids, row -> found.put(row.getString(1), row.getString(2)));
    return found;
  }
}
