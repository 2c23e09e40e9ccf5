package dev.tally.server.usage;

import dev.tally.engine.DailyUsage;
import dev.tally.model.BillingPeriod;
import dev.tally.server.store.CopyText;
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

  /** An event's identity: deduplication is per organization. */
  public record EventKey(String organizationId, String eventId) {}

  /** An accepted event as it is remembered: its identity, month and fingerprint. */
  public record Remembered(EventKey key, LocalDate periodStart, String fingerprint) {}

  // One statement per batch rather than one per event: the arrays are bound once and unnested in
  // the database. A plain insert, because PostgreSQL's ON CONFLICT DO NOTHING RETURNING costs about
  // half as much again per row, and H2's ON CONFLICT raises and catches an exception per row.
  private static final String REMEMBER_POSTGRES =
      "INSERT INTO usage_events (organization_id, event_id, period_start, fingerprint)"
          + " SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::date[], ?::varchar[])";

  private static final String REMEMBER_H2 =
      "INSERT INTO usage_events (organization_id, event_id, period_start, fingerprint)"
          + " SELECT * FROM UNNEST(CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY),"
          + " CAST(? AS DATE ARRAY), CAST(? AS VARCHAR ARRAY))";

  private static final String FINGERPRINTS_POSTGRES =
      "SELECT e.organization_id, e.event_id, e.fingerprint"
          + " FROM unnest(?::varchar[], ?::varchar[]) AS k(organization_id, event_id)"
          + " JOIN usage_events e"
          + " ON e.event_id = k.event_id AND e.organization_id = k.organization_id";

  private static final String FINGERPRINTS_H2 =
      "SELECT e.organization_id, e.event_id, e.fingerprint"
          + " FROM UNNEST(CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY))"
          + " AS k(organization_id, event_id)"
          + " JOIN usage_events e"
          + " ON e.event_id = k.event_id AND e.organization_id = k.organization_id";

  private static final String ADD_DAILY_POSTGRES =
      "INSERT INTO usage_daily (organization_id, usage_day, cluster_id, sku, quantity)"
          + " SELECT * FROM unnest(?::varchar[], ?::date[], ?::varchar[], ?::varchar[],"
          + " ?::numeric[])"
          + " ON CONFLICT (organization_id, usage_day, cluster_id, sku)"
          + " DO UPDATE SET quantity = usage_daily.quantity + EXCLUDED.quantity";

  private static final String ADD_DAILY_H2 =
      "MERGE INTO usage_daily t USING"
          + " (SELECT * FROM UNNEST(CAST(? AS VARCHAR ARRAY), CAST(? AS DATE ARRAY),"
          + " CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS NUMERIC(60, 12) ARRAY)))"
          + " AS s(organization_id, usage_day, cluster_id, sku, quantity)"
          + " ON t.organization_id = s.organization_id AND t.usage_day = s.usage_day"
          + " AND t.cluster_id = s.cluster_id AND t.sku = s.sku"
          + " WHEN MATCHED THEN UPDATE SET quantity = t.quantity + s.quantity"
          + " WHEN NOT MATCHED THEN INSERT (organization_id, usage_day, cluster_id, sku, quantity)"
          + " VALUES (s.organization_id, s.usage_day, s.cluster_id, s.sku, s.quantity)";

  /**
   * Remembers every one of {@code events} if none is remembered yet, in one statement, and says so;
   * if any is (or a concurrent transaction remembers one first), remembers none and returns false:
   * then look them up ({@link #fingerprints}) and {@link #remember} the rest. The keys must be
   * distinct.
   *
   * <p>On PostgreSQL-wire databases the statement is a {@code COPY}, which costs PostgreSQL about
   * two thirds of the {@code INSERT} {@link #remember} runs for the same rows (docs/benchmarks.md,
   * "Ingestion with COPY"); it breaks the key as an insert would.
   */
  public boolean rememberIfAllNew(List<Remembered> events) throws SQLException {
    return events.isEmpty()
        || db.unlessDuplicateKey(
                tx -> {
                  if (db.isEmbedded()) {
                    remember(events);
                  } else {
                    copy(events);
                  }
                  return true;
                })
            .isPresent();
  }

  private static final String COPY_EVENTS =
      "COPY usage_events (organization_id, event_id, period_start, fingerprint) FROM STDIN";

  private void copy(List<Remembered> events) throws SQLException {
    CopyText rows = new CopyText(events.size() * 160);
    for (Remembered e : events) {
      rows.field(e.key().organizationId())
          .field(e.key().eventId())
          .field(e.periodStart().toString())
          .field(e.fingerprint())
          .endRow();
    }
    db.copyIn(COPY_EVENTS, rows.bytes());
  }

  /**
   * Remembers newly accepted events, in one statement. None may be remembered already: one that a
   * concurrent transaction remembered first makes this fail with a unique violation (or a
   * serialization failure), which retries the caller's whole transaction, which then sees it. No
   * outcome is inferred from update counts, which some drivers do not report per row.
   *
   * <p>An {@code INSERT} on every database, not a {@code COPY}: this runs after a rollback to a
   * savepoint ({@link #rememberIfAllNew}), where CockroachDB before its fix of November 2025
   * (cockroachdb/cockroach#156959) failed a {@code COPY} with an internal error.
   */
  public void remember(List<Remembered> events) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    int n = events.size();
    String[] organizations = new String[n];
    String[] ids = new String[n];
    String[] months = new String[n];
    String[] fingerprints = new String[n];
    for (int i = 0; i < n; i++) {
      Remembered e = events.get(i);
      organizations[i] = e.key().organizationId();
      ids[i] = e.key().eventId();
      months[i] = e.periodStart().toString();
      fingerprints[i] = e.fingerprint();
    }
    try (PreparedStatement s = db.prepare(db.isEmbedded() ? REMEMBER_H2 : REMEMBER_POSTGRES)) {
      s.setArray(1, db.array("varchar", organizations));
      s.setArray(2, db.array("varchar", ids));
      s.setArray(3, db.array("varchar", months));
      s.setArray(4, db.array("varchar", fingerprints));
      s.executeUpdate();
    }
  }

  /**
   * The fingerprints of the remembered events among {@code keys} (an empty string for events
   * accepted before fingerprints were kept), in one statement. Ids of closed months are forgotten.
   */
  public Map<EventKey, String> fingerprints(Collection<EventKey> keys) throws SQLException {
    Map<EventKey, String> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    String[] organizations = new String[keys.size()];
    String[] ids = new String[keys.size()];
    int i = 0;
    for (EventKey key : keys) {
      organizations[i] = key.organizationId();
      ids[i++] = key.eventId();
    }
    try (PreparedStatement s =
        db.prepare(db.isEmbedded() ? FINGERPRINTS_H2 : FINGERPRINTS_POSTGRES)) {
      s.setArray(1, db.array("varchar", organizations));
      s.setArray(2, db.array("varchar", ids));
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          String fingerprint = rows.getString(3);
          found.put(
              new EventKey(rows.getString(1), rows.getString(2)),
              fingerprint == null ? "" : fingerprint);
        }
      }
    }
    return found;
  }

  /**
   * Adds to the daily sums, inserting the rows that do not exist yet, in one statement. A
   * concurrent batch may insert the same row first; that makes this wait for it and add to it, or
   * fail with a unique violation or serialization failure, which retries the caller's whole
   * transaction.
   */
  public void addToDailySums(Map<DayKey, BigDecimal> sums) throws SQLException {
    if (sums.isEmpty()) {
      return;
    }
    int n = sums.size();
    String[] organizations = new String[n];
    String[] days = new String[n];
    String[] clusters = new String[n];
    String[] skus = new String[n];
    String[] quantities = new String[n];
    int i = 0;
    for (Map.Entry<DayKey, BigDecimal> sum : sums.entrySet()) {
      DayKey key = sum.getKey();
      organizations[i] = key.organizationId();
      days[i] = key.day().toString();
      clusters[i] = key.clusterId();
      skus[i] = key.sku();
      // Plain text, never an exponent: exact in every database's decimal parser.
      quantities[i++] = sum.getValue().toPlainString();
    }
    try (PreparedStatement s = db.prepare(db.isEmbedded() ? ADD_DAILY_H2 : ADD_DAILY_POSTGRES)) {
      s.setArray(1, db.array("varchar", organizations));
      s.setArray(2, db.array("varchar", days));
      s.setArray(3, db.array("varchar", clusters));
      s.setArray(4, db.array("varchar", skus));
      s.setArray(5, db.array("varchar", quantities));
      s.executeUpdate();
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
   * What one call of {@link #forgetEventIds} did: how many ids it forgot; the greatest id it read,
   * in the database's order of {@code event_id} (null when none), where the next call goes on; and
   * whether it stopped at its limit, so that more may be left.
   */
  public record Forgotten(int count, String lastEventId, boolean more) {}

  /**
   * Forgets up to {@code limit} event ids of a closed month that sort after {@code afterEventId}
   * (null: from the first), and says how many and up to where: a closed month rejects usage, so
   * they can never be needed again. Bounded, so that no transaction grows with a busy month
   * (CockroachDB advises against large ones); safe to repeat. Call again from {@link
   * Forgotten#lastEventId} while {@link Forgotten#more}.
   *
   * <p>Two statements, each answered from the primary key {@code (organization_id, event_id)}: the
   * organization's ids in key order from {@code afterEventId}, filtered by month, then those rows
   * by key. Going on from the last id makes every call read past the other months' ids only once; a
   * call that started from the first id again would read them once per chunk.
   */
  public Forgotten forgetEventIds(
      String organizationId, BillingPeriod period, String afterEventId, int limit)
      throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT event_id FROM usage_events WHERE organization_id = ? AND event_id > ?"
                + " AND period_start = ? ORDER BY organization_id, event_id LIMIT ?")) {
      s.setString(1, organizationId);
      // Every id has at least one character (IdRules), so "" sorts before all of them.
      s.setString(2, afterEventId == null ? "" : afterEventId);
      s.setDate(3, Date.valueOf(period.firstDay()));
      s.setInt(4, limit);
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
    return new Forgotten(
        forgotten, ids.isEmpty() ? null : ids.get(ids.size() - 1), ids.size() == limit);
  }

  /** Ids per {@code DELETE}: well below every driver's limit on parameters (PostgreSQL: 65,535). */
  private static final int FORGET_STATEMENT_IDS = 1_000;
}
