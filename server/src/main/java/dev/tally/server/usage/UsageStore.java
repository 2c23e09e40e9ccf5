package dev.tally.server.usage;

import dev.tally.engine.BillingPeriod;
import dev.tally.engine.DailyUsage;
import dev.tally.server.store.Transaction;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Owner of {@code usage_events} and {@code usage_daily}: the ids of accepted events, which make
 * replays harmless, and the exact sums of accepted quantities per organization, cluster, SKU and UTC
 * day, which rating reads.
 */
public final class UsageStore {

  private final Transaction db;

  public UsageStore(Transaction db) {
    this.db = db;
  }

  /** One row of daily sums. */
  public record DayKey(String organizationId, LocalDate day, String clusterId, String sku)
      implements Comparable<DayKey> {
    @Override
    public int compareTo(DayKey o) {
      int c = organizationId.compareTo(o.organizationId);
      if (c == 0) c = day.compareTo(o.day);
      if (c == 0) c = clusterId.compareTo(o.clusterId);
      return c != 0 ? c : sku.compareTo(o.sku);
    }
  }

  /**
   * Records the ids of {@code events}; returns, for each, whether it was new (the rest were seen
   * before).
   */
  public boolean[] rememberIds(List<UsageEvent> events) throws SQLException {
    boolean[] fresh = new boolean[events.size()];
    if (events.isEmpty()) {
      return fresh;
    }
    try (PreparedStatement s = db.prepare("INSERT INTO usage_events (event_id, organization_id, period_start)"
        + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (UsageEvent e : events) {
        s.setString(1, e.eventId());
        s.setString(2, e.organizationId());
        s.setDate(3, Date.valueOf(e.periodStart()));
        s.addBatch();
      }
      int[] counts = s.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        fresh[i] = counts[i] > 0;
      }
    }
    return fresh;
  }

  /**
   * Adds to the daily sums: one update (or insert) per row. A concurrent batch may insert the same
   * row first; the unique violation then retries the caller's whole transaction, which finds the row
   * and updates it.
   */
  public void addToDailySums(Map<DayKey, BigDecimal> sums) throws SQLException {
    if (sums.isEmpty()) {
      return;
    }
    List<DayKey> keys = new ArrayList<>(sums.keySet());
    List<DayKey> missing = new ArrayList<>();
    try (PreparedStatement update = db.prepare("UPDATE usage_daily SET quantity = quantity + ?"
        + " WHERE organization_id = ? AND usage_day = ? AND cluster_id = ? AND sku = ?")) {
      for (DayKey key : keys) {
        update.setBigDecimal(1, sums.get(key));
        bindKey(update, 2, key);
        update.addBatch();
      }
      int[] counts = update.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          missing.add(keys.get(i));
        }
      }
    }
    if (!missing.isEmpty()) {
      try (PreparedStatement insert = db.prepare("INSERT INTO usage_daily"
          + " (quantity, organization_id, usage_day, cluster_id, sku) VALUES (?, ?, ?, ?, ?)")) {
        for (DayKey key : missing) {
          insert.setBigDecimal(1, sums.get(key));
          bindKey(insert, 2, key);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  /** The organization's daily sums within {@code period}. */
  public List<DailyUsage> daily(String organizationId, BillingPeriod period) throws SQLException {
    List<DailyUsage> usage = new ArrayList<>();
    try (PreparedStatement s = db.prepare("SELECT cluster_id, sku, usage_day, quantity FROM usage_daily"
        + " WHERE organization_id = ? AND usage_day >= ? AND usage_day < ?")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(period.firstDay()));
      s.setDate(3, Date.valueOf(period.next().firstDay()));
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          usage.add(new DailyUsage(rows.getString(1), rows.getString(2), rows.getObject(3, LocalDate.class),
              rows.getBigDecimal(4)));
        }
      }
    }
    return usage;
  }

  /**
   * Forgets the event ids of a closed month: a closed month rejects usage, so they can never be
   * needed again.
   */
  public void forgetEventIds(String organizationId, BillingPeriod period) throws SQLException {
    try (PreparedStatement s = db.prepare(
        "DELETE FROM usage_events WHERE organization_id = ? AND period_start = ?")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(period.firstDay()));
      s.executeUpdate();
    }
  }

  private static void bindKey(PreparedStatement s, int from, DayKey key) throws SQLException {
    s.setString(from, key.organizationId());
    s.setDate(from + 1, Date.valueOf(key.day()));
    s.setString(from + 2, key.clusterId());
    s.setString(from + 3, key.sku());
  }
}
