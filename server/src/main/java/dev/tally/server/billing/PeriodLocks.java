package dev.tally.server.billing;

import dev.tally.server.store.Rows;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The per-(organization, month) row that ingestion, adjustments and the period close all take a write
 * lock on first. Whoever gets it second sees the first one's outcome: a batch committed before the
 * close read the month, or the month is closed and the batch is rejected. Callers lock rows in a fixed
 * order (organization, then month) so that transactions cannot deadlock on them.
 */
public final class PeriodLocks {

  private PeriodLocks() {}

  /** Locks the month's row, creating it if needed; true if the month is still open. */
  public static boolean lockIfOpen(Connection c, String organizationId, LocalDate periodStart) throws SQLException {
    create(c, organizationId, periodStart);
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE billing_periods SET late_events = late_events WHERE organization_id = ? AND period_start = ? AND closed_at IS NULL")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(periodStart));
      return s.executeUpdate() == 1;
    }
  }

  /** Marks the month closed; true if this call closed it, false if it was closed already. */
  static boolean close(Connection c, String organizationId, LocalDate periodStart, Instant now) throws SQLException {
    create(c, organizationId, periodStart);
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE billing_periods SET closed_at = ? WHERE organization_id = ? AND period_start = ? AND closed_at IS NULL")) {
      Rows.setInstant(s, 1, now);
      s.setString(2, organizationId);
      s.setDate(3, Date.valueOf(periodStart));
      return s.executeUpdate() == 1;
    }
  }

  /** Counts events rejected because their month had closed. */
  public static void countLate(Connection c, String organizationId, LocalDate periodStart, long events) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE billing_periods SET late_events = late_events + ? WHERE organization_id = ? AND period_start = ?")) {
      s.setLong(1, events);
      s.setString(2, organizationId);
      s.setDate(3, Date.valueOf(periodStart));
      s.executeUpdate();
    }
  }

  private static void create(Connection c, String organizationId, LocalDate periodStart) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO billing_periods (organization_id, period_start, late_events) VALUES (?, ?, 0) ON CONFLICT DO NOTHING")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(periodStart));
      s.executeUpdate();
    }
  }
}
