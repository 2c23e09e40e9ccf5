package dev.tally.server.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.engine.PriceBook;
import dev.tally.model.BillingPeriod;
import dev.tally.model.operator.IngestUsageResponse;
import dev.tally.model.operator.RejectedEvent;
import dev.tally.server.errors.Failure;
import dev.tally.server.metrics.UsageMetrics;
import dev.tally.server.orgs.Organization;
import dev.tally.server.prices.PriceBookCache;
import dev.tally.server.store.Transaction;
import dev.tally.server.store.Transactor;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Takes batches of usage events. Each event is accepted, a duplicate, or rejected with a reason.
 * The whole batch commits in one transaction: the event ids that make replays harmless and the
 * daily sums that rating reads are written together, so an event is either counted and remembered,
 * or neither.
 */
public final class UsageIngestion {

  /** The most events one request may carry. */
  public static final int MAX_BATCH = 10_000;

  private final Transactor tx;
  private final PriceBookCache prices;
  private final Clock clock;
  private final UsageMetrics metrics;

  public UsageIngestion(Transactor tx, PriceBookCache prices, Clock clock, UsageMetrics metrics) {
    this.tx = tx;
    this.prices = prices;
    this.clock = clock;
    this.metrics = metrics;
  }

  private record Candidate(int index, UsageEvent event) {}

  private record PeriodKey(String organizationId, BillingPeriod period)
      implements Comparable<PeriodKey> {
    @Override
    public int compareTo(PeriodKey o) {
      int c = organizationId.compareTo(o.organizationId);
      return c != 0 ? c : period.month().compareTo(o.period.month());
    }
  }

  /**
   * Ingests raw JSON events; see the class comment for the guarantees.
   *
   * @param events at most {@link #MAX_BATCH}, each as sent
   * @throws Failure INVALID_ARGUMENT for a batch over the limit
   */
  public IngestUsageResponse ingest(List<JsonNode> events) {
    if (events.size() > MAX_BATCH) {
      throw Failure.invalid(
          "a batch may hold at most " + MAX_BATCH + " events, got " + events.size());
    }
    Instant now = clock.instant();
    List<RejectedEvent> rejected = new ArrayList<>();
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      switch (UsageEventParser.read(events.get(i), now)) {
        case UsageEventParser.Valid valid -> candidates.add(new Candidate(i, valid.event()));
        case UsageEventParser.Invalid invalid ->
            rejected.add(
                new RejectedEvent(i, invalid.eventId(), "INVALID_ARGUMENT", invalid.reason()));
      }
    }
    IngestUsageResponse response =
        tx.writeRetryingDuplicateKeys(
            db -> {
              List<RejectedEvent> allRejected = new ArrayList<>(rejected);
              Map<String, Organization> orgs =
                  db.organizations()
                      .findAll(
                          candidates.stream()
                              .map(k -> k.event().organizationId())
                              .collect(Collectors.toSet()));
              // The batch's months are locked before the price book is read. A price-book load
              // locks
              // every open month too, so it either commits first (and this batch prices with its
              // book) or waits, and then sees this batch's usage when it checks that no open month
              // is
              // left unpriced.
              Set<PeriodKey> closed = lockMonths(db, candidates, orgs);
              PriceBook book = prices.current(db).book();
              List<Candidate> known = checkReferences(db, candidates, orgs, book, allRejected);
              List<Candidate> open = rejectClosed(db, known, closed, allRejected);
              List<Candidate> fresh = rememberNew(db, open, allRejected);
              addToDailySums(db, fresh);
              allRejected.sort(Comparator.comparingInt(RejectedEvent::index));
              return new IngestUsageResponse(
                  fresh.size(), events.size() - fresh.size() - allRejected.size(), allRejected);
            });
    metrics.batch(
        response.accepted(),
        response.duplicates(),
        response.rejected().stream()
            .collect(Collectors.groupingBy(RejectedEvent::code, Collectors.counting())));
    return response;
  }

  /**
   * Drops events naming an organization, cluster or SKU that does not exist (or has no price that
   * day).
   */
  private static List<Candidate> checkReferences(
      Transaction db,
      List<Candidate> candidates,
      Map<String, Organization> orgs,
      PriceBook book,
      List<RejectedEvent> rejected)
      throws SQLException {
    Set<String> clusterIds = new HashSet<>();
    candidates.forEach(k -> clusterIds.add(k.event().clusterId()));
    Map<String, String> clusterOwner = db.clusters().owners(clusterIds);
    List<Candidate> known = new ArrayList<>();
    Set<String> skus = book.skus();
    for (Candidate k : candidates) {
      UsageEvent e = k.event();
      String reason = null;
      Organization org = orgs.get(e.organizationId());
      String code = "NOT_FOUND";
      if (org == null) {
        reason = "unknown organization " + e.organizationId();
      } else if (e.period().month().isBefore(org.billingStart())) {
        code = "FAILED_PRECONDITION";
        reason =
            "the event is dated "
                + e.day()
                + ", before organization "
                + org.id()
                + " is billed (from "
                + org.billingStart()
                + "); usage before the billing start is never billed";
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
        rejected.add(new RejectedEvent(k.index(), e.eventId(), code, reason));
      }
    }
    return known;
  }

  /**
   * Locks the (organization, month) row of every month the batch's known organizations bill, in a
   * fixed order so batches cannot deadlock; returns the months that are closed. The lock makes a
   * concurrent period close wait for this batch, or this batch see the month closed.
   */
  private static Set<PeriodKey> lockMonths(
      Transaction db, List<Candidate> candidates, Map<String, Organization> orgs)
      throws SQLException {
    Set<PeriodKey> months = new java.util.TreeSet<>();
    for (Candidate k : candidates) {
      Organization org = orgs.get(k.event().organizationId());
      if (org != null && !k.event().period().month().isBefore(org.billingStart())) {
        months.add(new PeriodKey(org.id(), k.event().period()));
      }
    }
    Set<PeriodKey> closed = new java.util.HashSet<>();
    for (PeriodKey month : months) {
      if (!db.billingPeriods().lockIfOpen(month.organizationId(), month.period())) {
        closed.add(month);
      }
    }
    return closed;
  }

  /**
   * Rejects the events of months found closed when they were locked ({@link #lockMonths}), and
   * counts them there as late; returns the rest.
   */
  private static List<Candidate> rejectClosed(
      Transaction db, List<Candidate> known, Set<PeriodKey> closed, List<RejectedEvent> rejected)
      throws SQLException {
    Map<PeriodKey, List<Candidate>> byPeriod = new TreeMap<>();
    for (Candidate k : known) {
      byPeriod
          .computeIfAbsent(
              new PeriodKey(k.event().organizationId(), k.event().period()), p -> new ArrayList<>())
          .add(k);
    }
    List<Candidate> open = new ArrayList<>();
    for (Map.Entry<PeriodKey, List<Candidate>> entry : byPeriod.entrySet()) {
      PeriodKey key = entry.getKey();
      if (!closed.contains(key)) {
        open.addAll(entry.getValue());
      } else {
        db.billingPeriods().countLate(key.organizationId(), key.period(), entry.getValue().size());
        for (Candidate k : entry.getValue()) {
          rejected.add(
              new RejectedEvent(
                  k.index(),
                  k.event().eventId(),
                  "FAILED_PRECONDITION",
                  "the billing period "
                      + key.period()
                      + " of organization "
                      + key.organizationId()
                      + " is closed"));
        }
      }
    }
    return open;
  }

  /**
   * Sorts the events of open months into new ones (remembered here), duplicates (the same event id
   * with the same content, accepted before or earlier in this batch) and conflicts (the same event
   * id in the same organization with other content: rejected as ALREADY_EXISTS). Returns the new
   * ones.
   */
  private static List<Candidate> rememberNew(
      Transaction db, List<Candidate> open, List<RejectedEvent> rejected) throws SQLException {
    Map<String, List<Candidate>> byOrganization = new TreeMap<>();
    for (Candidate k : open) {
      byOrganization.computeIfAbsent(k.event().organizationId(), o -> new ArrayList<>()).add(k);
    }
    List<Candidate> fresh = new ArrayList<>();
    for (Map.Entry<String, List<Candidate>> entry : byOrganization.entrySet()) {
      List<Candidate> events = entry.getValue();
      Map<String, String> known =
          new HashMap<>(
              db.usage()
                  .fingerprints(
                      entry.getKey(),
                      events.stream().map(k -> k.event().eventId()).collect(Collectors.toSet())));
      for (Candidate k : events) {
        String fingerprint = k.event().fingerprint();
        String seen = known.putIfAbsent(k.event().eventId(), fingerprint);
        if (seen == null) {
          fresh.add(k);
        } else if (!seen.isEmpty() && !seen.equals(fingerprint)) {
          rejected.add(
              new RejectedEvent(
                  k.index(),
                  k.event().eventId(),
                  "ALREADY_EXISTS",
                  "event_id "
                      + k.event().eventId()
                      + " was already accepted for organization "
                      + entry.getKey()
                      + " with a different cluster, SKU, quantity or timestamp; an event id names one event"));
        }
      }
    }
    db.usage().remember(fresh.stream().map(Candidate::event).toList());
    return fresh;
  }

  private static void addToDailySums(Transaction db, List<Candidate> fresh) throws SQLException {
    Map<UsageStore.DayKey, BigDecimal> sums = new TreeMap<>();
    for (Candidate k : fresh) {
      UsageEvent e = k.event();
      sums.merge(
          new UsageStore.DayKey(e.organizationId(), e.day(), e.clusterId(), e.sku()),
          e.quantity(),
          BigDecimal::add);
    }
    db.usage().addToDailySums(sums);
  }
}
