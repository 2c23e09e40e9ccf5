package dev.tally.server.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.engine.PriceBook;
import dev.tally.server.billing.PeriodLocks;
import dev.tally.server.billing.PriceBookStore;
import dev.tally.server.store.Transactor;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Takes batches of usage events. Each event is accepted, a duplicate, or rejected with a reason. The
 * whole batch commits in one transaction: the event ids that make replays harmless and the daily sums
 * that rating reads are written together, so an event is either counted and remembered, or neither.
 */
public final class UsageIngestor {

  /** The most events one request may carry. */
  public static final int MAX_BATCH = 10_000;

  private final Transactor tx;
  private final PriceBookStore prices;
  private final Clock clock;

  public UsageIngestor(Transactor tx, PriceBookStore prices, Clock clock) {
    this.tx = tx;
    this.prices = prices;
    this.clock = clock;
  }

  private record Candidate(int index, UsageEvent event) {}

  private record DayKey(String organizationId, LocalDate day, String clusterId, String sku)
      implements Comparable<DayKey> {
    @Override
    public int compareTo(DayKey o) {
      int c = organizationId.compareTo(o.organizationId);
      if (c == 0) c = day.compareTo(o.day);
      if (c == 0) c = clusterId.compareTo(o.clusterId);
      return c != 0 ? c : sku.compareTo(o.sku);
    }
  }

  private record PeriodKey(String organizationId, LocalDate periodStart) implements Comparable<PeriodKey> {
    @Override
    public int compareTo(PeriodKey o) {
      int c = organizationId.compareTo(o.organizationId);
      return c != 0 ? c : periodStart.compareTo(o.periodStart);
    }
  }

  /** Ingests raw JSON events; see the class comment for the guarantees. */
  public IngestResult ingest(List<JsonNode> events) {
    if (events.size() > MAX_BATCH) {
      throw dev.tally.server.Failure.invalid("a batch may hold at most " + MAX_BATCH + " events, got " + events.size());
    }
    Instant now = clock.instant();
    List<Rejection> rejected = new ArrayList<>();
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      switch (UsageEventReader.read(events.get(i), now)) {
        case UsageEventReader.Valid valid -> candidates.add(new Candidate(i, valid.event()));
        case UsageEventReader.Invalid invalid ->
            rejected.add(new Rejection(i, invalid.eventId(), "INVALID_ARGUMENT", invalid.reason()));
      }
    }
    PriceBook book = prices.current().book();
    return tx.writeRetryingDuplicateKeys(c -> {
      List<Rejection> allRejected = new ArrayList<>(rejected);
      List<Candidate> known = checkReferences(c, candidates, book, allRejected);
      List<Candidate> open = lockOpenPeriods(c, known, allRejected);
      List<Candidate> fresh = rememberIds(c, open);
      addToDailySums(c, fresh);
      allRejected.sort(java.util.Comparator.comparingInt(Rejection::index));
      return new IngestResult(fresh.size(), open.size() - fresh.size(), allRejected);
    });
  }

  /** Drops events naming an organization, cluster or SKU that does not exist (or has no price that day). */
  private static List<Candidate> checkReferences(
      Connection c, List<Candidate> candidates, PriceBook book, List<Rejection> rejected) throws SQLException {
    Set<String> clusterIds = new HashSet<>();
    Set<String> orgIds = new HashSet<>();
    candidates.forEach(k -> {
      clusterIds.add(k.event().clusterId());
      orgIds.add(k.event().organizationId());
    });
    Map<String, String> clusterOwner = lookup(c, "SELECT id, organization_id FROM clusters WHERE id IN ", clusterIds);
    Set<String> orgs = lookup(c, "SELECT id, id FROM organizations WHERE id IN ", orgIds).keySet();
    List<Candidate> known = new ArrayList<>();
    Set<String> skus = book.skus();
    for (Candidate k : candidates) {
      UsageEvent e = k.event();
      String reason = null;
      if (!orgs.contains(e.organizationId())) {
        reason = "unknown organization " + e.organizationId();
      } else if (!e.organizationId().equals(clusterOwner.get(e.clusterId()))) {
        reason = "unknown cluster " + e.clusterId() + " in organization " + e.organizationId();
      } else if (!skus.contains(e.sku())) {
        reason = "unknown SKU " + e.sku();
      } else if (book.priceFor(e.organizationId(), e.sku(), e.day()).isEmpty()) {
        reason = "SKU " + e.sku() + " has no price on " + e.day();
      }
      if (reason == null) {
        known.add(k);
      } else {
        rejected.add(new Rejection(k.index(), e.eventId(), "NOT_FOUND", reason));
      }
    }
    return known;
  }

  /**
   * Locks each (organization, month) row the batch touches, in a fixed order so batches cannot
   * deadlock. A closed month's events are rejected and counted there; the lock makes a concurrent
   * period close wait for this batch, or this batch see the month closed.
   */
  private static List<Candidate> lockOpenPeriods(Connection c, List<Candidate> known, List<Rejection> rejected)
      throws SQLException {
    Map<PeriodKey, List<Candidate>> byPeriod = new TreeMap<>();
    for (Candidate k : known) {
      byPeriod.computeIfAbsent(new PeriodKey(k.event().organizationId(), k.event().periodStart()), p -> new ArrayList<>())
          .add(k);
    }
    List<Candidate> open = new ArrayList<>();
    for (Map.Entry<PeriodKey, List<Candidate>> entry : byPeriod.entrySet()) {
      PeriodKey period = entry.getKey();
      if (PeriodLocks.lockIfOpen(c, period.organizationId(), period.periodStart())) {
        open.addAll(entry.getValue());
      } else {
        PeriodLocks.countLate(c, period.organizationId(), period.periodStart(), entry.getValue().size());
        for (Candidate k : entry.getValue()) {
          rejected.add(new Rejection(k.index(), k.event().eventId(), "FAILED_PRECONDITION",
              "the billing period " + period.periodStart().toString().substring(0, 7) + " of organization "
                  + period.organizationId() + " is closed"));
        }
      }
    }
    return open;
  }

  /** Records the event ids; returns the events not seen before (the rest are duplicates). */
  private static List<Candidate> rememberIds(Connection c, List<Candidate> open) throws SQLException {
    List<Candidate> fresh = new ArrayList<>();
    if (open.isEmpty()) {
      return fresh;
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO usage_events (event_id, organization_id, period_start) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (Candidate k : open) {
        s.setString(1, k.event().eventId());
        s.setString(2, k.event().organizationId());
        s.setDate(3, Date.valueOf(k.event().periodStart()));
        s.addBatch();
      }
      int[] counts = s.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] > 0) {
          fresh.add(open.get(i));
        }
      }
    }
    return fresh;
  }

  /** Adds the new events to the per-day sums: one update (or insert) per distinct day row. */
  private static void addToDailySums(Connection c, List<Candidate> fresh) throws SQLException {
    Map<DayKey, BigDecimal> sums = new TreeMap<>();
    for (Candidate k : fresh) {
      UsageEvent e = k.event();
      sums.merge(new DayKey(e.organizationId(), e.day(), e.clusterId(), e.sku()), e.quantity(), BigDecimal::add);
    }
    if (sums.isEmpty()) {
      return;
    }
    List<DayKey> keys = new ArrayList<>(sums.keySet());
    List<DayKey> missing = new ArrayList<>();
    try (PreparedStatement update = c.prepareStatement(
        "UPDATE usage_daily SET quantity = quantity + ? WHERE organization_id = ? AND usage_day = ? AND cluster_id = ? AND sku = ?")) {
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
      // A concurrent batch may insert the same row first; the unique violation then retries the
      // whole transaction, which finds the row and updates it.
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO usage_daily (quantity, organization_id, usage_day, cluster_id, sku) VALUES (?, ?, ?, ?, ?)")) {
        for (DayKey key : missing) {
          insert.setBigDecimal(1, sums.get(key));
          bindKey(insert, 2, key);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  private static void bindKey(PreparedStatement s, int from, DayKey key) throws SQLException {
    s.setString(from, key.organizationId());
    s.setDate(from + 1, Date.valueOf(key.day()));
    s.setString(from + 2, key.clusterId());
    s.setString(from + 3, key.sku());
  }

  /** Maps the first column to the second for the ids given, in chunks that keep statements small. */
  private static Map<String, String> lookup(Connection c, String selectIn, Collection<String> ids) throws SQLException {
    Map<String, String> found = new HashMap<>();
    List<String> all = new ArrayList<>(new TreeSet<>(ids));
    for (int from = 0; from < all.size(); from += 500) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
      String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
      try (PreparedStatement s = c.prepareStatement(selectIn + "(" + marks + ")")) {
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
