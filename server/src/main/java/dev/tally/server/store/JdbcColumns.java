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

  public static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
    statement.setObject(index, value == null ? null : value.atOffset(ZoneOffset.UTC));
  }

  public static Instant getInstant(ResultSet rows, String column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /**
   * Runs {@code selectIn} ({@code "SELECT a, b FROM t WHERE a IN "}) for the ids given, in chunks, and
   * maps the first column to the second for every row found.
   */
  public static Map<String, String> selectIn(Transaction db, String selectIn, Collection<String> ids)
      throws SQLException {
    Map<String, String> found = new HashMap<>();
    List<String> all = new ArrayList<>(new TreeSet<>(ids));
    for (int from = 0; from < all.size(); from += IN_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
      String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
      try (PreparedStatement s = db.prepare(selectIn + "(" + marks + ")")) {
        for (int i = 0; i < chunk.size(); i++) {
          s.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rows = s.executeQuery()) {
          while (rows.next()) {
            found.put(rows.getString(1), rows.getString(2));
          }
        }
      }
    }
    return found;
  }
}
