package dev.tally.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instant conversions that behave the same on H2 and PostgreSQL drivers. */
public final class Rows {

  private Rows() {}

  public static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
    statement.setObject(index, value == null ? null : value.atOffset(ZoneOffset.UTC));
  }

  public static Instant getInstant(ResultSet rows, String column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
