package dev.tally.server.periods;

import dev.tally.model.BillingPeriod;
import dev.tally.server.store.JdbcColumns;
import dev.tally.server.store.Transaction;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Owner of {@code billing_periods}: one row per organization and month that has seen usage, an
 * adjustment or a close. Ingestion, adjustments and the close all take this row's write lock first,
 * so whoever gets it second sees the first one's outcome: a batch committed before the close read
 * the month, or the month is closed and the batch is rejected. Callers lock rows in a fixed order
 * (organization, then month) so that transactions cannot deadlock on them.
 */
public final class BillingPeriods {

  /** The default wait after a month ends before it closes, for usage that arrives late. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(24);

  private final Transaction db;

  public BillingPeriods(Transaction db) {
    this.db = db;
  }

  /**
   * Locks the month's row, creating it if needed; true if the month is still open. Every caller
   * changes the organization's drafts, so the organization's revision is advanced first (which also
   * keeps the lock order: organization, then month).
   */
  public boolean lockIfOpen(String organizationId, BillingPeriod period) throws SQLException {
    db.organizations().touch(organizationId);
    create(organizationId, period);
    try (PreparedStatement s =
        db.prepare(
            "UPDATE billing_periods SET late_events = late_events"
                + " WHERE organization_id = ? AND period_start = ? AND closed_at IS NULL")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(period.firstDay()));
      return s.executeUpdate() == 1;
    }
  }

  /**
   * Locks every open month's row (of every organization): what a change that must see all open
   * months' usage, and keep new usage out until it commits, takes first. Returns how many.
   */
  public int lockAllOpen() throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "UPDATE billing_periods SET late_events = late_events WHERE closed_at IS NULL")) {
      return s.executeUpdate();
    }
  }

  /** Marks the month closed at {@code now}; true if this call closed it, false if it was closed. */
  public boolean close(String organizationId, BillingPeriod period, Instant now)
      throws SQLException {
    db.organizations().touch(organizationId);
    create(organizationId, period);
    try (PreparedStatement s =
        db.prepare(
            "UPDATE billing_periods SET closed_at = ?"
                + " WHERE organization_id = ? AND period_start = ? AND closed_at IS NULL")) {
      JdbcColumns.setInstant(s, 1, now);
      s.setString(2, organizationId);
      s.setDate(3, Date.valueOf(period.firstDay()));
      return s.executeUpdate() == 1;
    }
  }

  /** Counts {@code events} rejected because their month had closed. */
  public void countLate(String organizationId, BillingPeriod period, long events)
      throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "UPDATE billing_periods SET late_events = late_events + ?"
                + " WHERE organization_id = ? AND period_start = ?")) {
      s.setLong(1, events);
      s.setString(2, organizationId);
      s.setDate(3, Date.valueOf(period.firstDay()));
      s.executeUpdate();
    }
  }

  /** The organization's last closed month, if any. */
  public Optional<YearMonth> lastClosed(String organizationId) throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "SELECT MAX(period_start) FROM billing_periods"
                + " WHERE organization_id = ? AND closed_at IS NOT NULL")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        Date lastClosed = rows.getDate(1);
        return lastClosed == null
            ? Optional.empty()
            : Optional.of(YearMonth.from(lastClosed.toLocalDate()));
      }
    }
  }

  /** Every organization's last closed month, for those that have closed one. */
  public java.util.Map<String, YearMonth> lastClosedByOrganization() throws SQLException {
    java.util.Map<String, YearMonth> last = new java.util.HashMap<>();
    try (PreparedStatement s =
            db.prepare(
                "SELECT organization_id, MAX(period_start) FROM billing_periods"
                    + " WHERE closed_at IS NOT NULL GROUP BY organization_id");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        last.put(rows.getString(1), YearMonth.from(rows.getDate(2).toLocalDate()));
      }
    }
    return last;
  }

  /**
   * The organization's open months: from the month after its last closed one (at the earliest
   * {@code firstMonth}) through the month containing {@code now}, oldest first.
   */
  public List<BillingPeriod> open(String organizationId, YearMonth firstMonth, Instant now)
      throws SQLException {
    YearMonth first =
        lastClosed(organizationId)
            .map(closed -> closed.plusMonths(1))
            .filter(afterClosed -> afterClosed.isAfter(firstMonth))
            .orElse(firstMonth);
    YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
    List<BillingPeriod> periods = new ArrayList<>();
    for (YearMonth m = first; !m.isAfter(current); m = m.plusMonths(1)) {
      periods.add(new BillingPeriod(m));
    }
    return periods;
  }

  /**
   * The organization's closed months, oldest first: each must have a finalized invoice and its
   * rating record ({@code tally invoices verify} checks that they do).
   */
  public List<BillingPeriod> closedMonths(String organizationId) throws SQLException {
    List<BillingPeriod> closed = new ArrayList<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT period_start FROM billing_periods"
                + " WHERE organization_id = ? AND closed_at IS NOT NULL ORDER BY period_start")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          closed.add(BillingPeriod.containing(rows.getObject(1, LocalDate.class)));
        }
      }
    }
    return closed;
  }

  /** The organizations whose {@code period} is closed. */
  public Set<String> closedOrganizations(BillingPeriod period) throws SQLException {
    Set<String> closed = new HashSet<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT organization_id FROM billing_periods"
                + " WHERE period_start = ? AND closed_at IS NOT NULL")) {
      s.setDate(1, Date.valueOf(period.firstDay()));
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          closed.add(rows.getString(1));
        }
      }
    }
    return closed;
  }

  /** The latest month whose grace period is over at {@code now}: the one a close is due for. */
  public static BillingPeriod lastClosable(Instant now, Duration grace) {
    return new BillingPeriod(BillingPeriod.containing(now.minus(grace)).month().minusMonths(1));
  }

  private void create(String organizationId, BillingPeriod period) throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "INSERT INTO billing_periods (organization_id, period_start, late_events)"
                + " VALUES (?, ?, 0) ON CONFLICT DO NOTHING")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(period.firstDay()));
      s.executeUpdate();
    }
  }
}
