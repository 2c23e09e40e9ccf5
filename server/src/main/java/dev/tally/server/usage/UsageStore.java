package dev.tally.server.usage;

import dev.tally.engine.DailyUsage;
import dev.tally.model.BillingPeriod;
import dev.tally.server.store.JdbcColumns;
import dev.tally.server.store.Transaction;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Owner of {@code usage_events} and {@code usage_daily}: the ids of accepted events, which make
 * replays harmless, and the exact sums of accepted quantities per organization, cluster, SKU and
 * UTC day, which rating reads.
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
   * The fingerprints of the organization's accepted events among {@code eventIds} (an empty string
   * for events accepted before fingerprints were kept). Ids of closed months are forgotten.
   */
  public Map<String, String> fingerprints(String organizationId, Collection<String> eventIds)
      throws SQLException {
    Map<String, String> found = new HashMap<>();
    JdbcColumns.selectIn(
        db,
        "SELECT event_id, fingerprint FROM usage_events"
            + " WHERE organization_id = ? AND event_id IN (?)",
        List.of(organizationId),
        eventIds,
        row -> found.put(row.getString(1), row.getString(2) == null ? "" : row.getString(2)));
    return found;
  }

  /**
   * Remembers newly accepted events. None may be known already: a concurrent batch that inserted
   * one first makes this fail with a unique violation, which retries the caller's whole
   * transaction. No outcome is inferred from update counts, which some drivers do not report per
   * row.
   */
  public void remember(List<UsageEvent> events) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        db.prepare(
            "INSERT INTO usage_events"
                + " (organization_id, event_id, period_start, fingerprint) VALUES (?, ?, ?, ?)")) {
      for (UsageEvent e : events) {
        s.setString(1, e.organizationId());
        s.setString(2, e.eventId());
        s.setDate(3, Date.valueOf(e.periodStart()));
        s.setString(4, e.fingerprint());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /**
   * Adds to the daily sums: one update (or insert) per row. A concurrent batch may insert the same
   * row first; the unique violation then retries the caller's whole transaction, which finds the
   * row and updates it.
   */
  public void addToDailySums(Map<DayKey, BigDecimal> sums) throws SQLException {
    if (sums.isEmpty()) {
      return;
    }
    List<DayKey> keys = new ArrayList<>(sums.keySet());
    List<DayKey> missing = new ArrayList<>();
    try (PreparedStatement update =
        db.prepare(
            "UPDATE usage_daily SET quantity = quantity + ?"
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
      try (PreparedStatement insert =
          db.prepare(
              "INSERT INTO usage_daily"
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
    try (PreparedStatement s =
        db.prepare(
            "SELECT cluster_id, sku, usage_day, quantity FROM usage_daily"
                + " WHERE organization_id = ? AND usage_day >= ? AND usage_day < ?")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(period.firstDay()));
      s.setDate(3, Date.valueOf(period.next().firstDay()));
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          usage.add(
              new DailyUsage(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getObject(3, LocalDate.class),
                  rows.getBigDecimal(4)));
        }
      }
    }
    return usage;
  }

  /** How many event ids are remembered, over every organization and open month. */
  public long countEventIds() throws SQLException {
    try (PreparedStatement s = db.prepare("SELECT COUNT(*) FROM usage_events");
        ResultSet rows = s.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** How many daily-sum rows the organization has. */
  public long countDailyRows(String organizationId) throws SQLException {
    try (PreparedStatement s =
        db.prepare("SELECT COUNT(*) FROM usage_daily WHERE organization_id = ?")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** A SKU used by an organization on a day. */
  public record SkuDay(String organizationId, String sku, LocalDate day) {}

  /** Every (organization, SKU, day) with usage on or after {@code from}. */
  public List<SkuDay> skuDaysSince(LocalDate from) throws SQLException {
    List<SkuDay> used = new ArrayList<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT DISTINCT organization_id, sku, usage_day FROM usage_daily"
                + " WHERE usage_day >= ? ORDER BY organization_id, sku, usage_day")) {
      s.setDate(1, Date.valueOf(from));
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          used.add(
              new SkuDay(rows.getString(1), rows.getString(2), rows.getObject(3, LocalDate.class)));
        }
      }
    }
    return used;
  }

  /**
   * Forgets up to {@code limit} event ids of a closed month, and says how many it forgot: a closed
   * month rejects usage, so they can never be needed again. Bounded, so that no transaction grows
   * with a busy month (CockroachDB advises against large ones); safe to repeat.
   *
   * <p>Two statements, each answered from an index: the month's ids through {@code
   * usage_events_by_period}, then those rows by primary key. One {@code DELETE ... WHERE event_id
   * IN (SELECT ...)} let the embedded database scan the whole table for every organization and
   * month, which made a close of 120,000 invoices take hours.
   */
  public int forgetEventIds(String organizationId, BillingPeriod period, int limit)
      throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT event_id FROM usage_events WHERE organization_id = ? AND period_start = ?"
                + " LIMIT ?")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(period.firstDay()));
      s.setInt(3, limit);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    int forgotten = 0;
    for (int from = 0; from < ids.size(); from += FORGET_STATEMENT_IDS) {
      List<String> some = ids.subList(from, Math.min(ids.size(), from + FORGET_STATEMENT_IDS));
      try (PreparedStatement s =
          db.prepare(
              "DELETE FROM usage_events WHERE organization_id = ? AND event_id IN ("
                  + String.join(", ", java.util.Collections.nCopies(some.size(), "?"))
                  + ")")) {
        s.setString(1, organizationId);
        for (int i = 0; i < some.size(); i++) {
          s.setString(i + 2, some.get(i));
        }
        forgotten += s.executeUpdate();
      }
    }
    return forgotten;
  }

  /** Ids per {@code DELETE}: well below every driver's limit on parameters (PostgreSQL: 65,535). */
  private static final int FORGET_STATEMENT_IDS = 1_000;

  private static void bindKey(PreparedStatement s, int from, DayKey key) throws SQLException {
    s.setString(from, key.organizationId());
    s.setDate(from + 1, Date.valueOf(key.day()));
    s.setString(from + 2, key.clusterId());
    s.setString(from + 3, key.sku());
  }
}
