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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Takes batches of usage events. Each event is accepted, a duplicate, or rejected with a reason. A
 * batch commits in one transaction: the event ids that make replays harmless and the daily sums
 * that rating reads are written together, so an event is either counted and remembered, or neither.
 * On the embedded database, batches that arrive while one is being stored share the next
 * transaction ({@link GroupCommit}); each still gets its own answer, after that commit.
 */
public final class UsageIngestion {

  /** The most events one request may carry. */
  public static final int MAX_BATCH = 10_000;

  private final Transactor tx;
  private final PriceBookCache prices;
  private final Clock clock;
  private final UsageMetrics metrics;
  private final GroupCommit<Batch, IngestUsageResponse> oneWriter;

  /**
   * @param oneWriter whether this process stores batches one transaction at a time, with the
   *     batches waiting meanwhile together ({@link GroupCommit}): true on the embedded database,
   *     where concurrent writers make H2 rewrite the same pages at every commit, and one commit for
   *     several batches costs much less CPU per event (docs/benchmarks.md). Only a speed-up: every
   *     guarantee still comes from the database's locks, so other processes (the CLI on the same
   *     files) and the close need not take part.
   */
  public UsageIngestion(
      Transactor tx, PriceBookCache prices, Clock clock, UsageMetrics metrics, boolean oneWriter) {
    this.tx = tx;
    this.prices = prices;
    this.clock = clock;
    this.metrics = metrics;
    this.oneWriter =
        oneWriter ? new GroupCommit<>(MAX_BATCH, Batch::size, this::storeTogether) : null;
  }

  /**
   * A batch after the checks that need no database: its valid events and those already rejected.
   */
  private record Batch(List<Candidate> candidates, List<RejectedEvent> rejected, int size) {}

  /**
   * A valid event of the batch, with what every step asks of it computed once, outside the
   * transaction (which may run several times).
   */
  private record Candidate(
      int index, UsageEvent event, LocalDate day, PeriodKey month, String fingerprint) {
    static Candidate of(int index, UsageEvent event) {
      LocalDate day = event.day();
      return new Candidate(
          index,
          event,
          day,
          new PeriodKey(event.organizationId(), BillingPeriod.containing(day)),
          event.fingerprint());
    }

    UsageStore.EventKey key() {
      return new UsageStore.EventKey(event.organizationId(), event.eventId());
    }

    UsageStore.Remembered remembered() {
      return new UsageStore.Remembered(key(), month.period().firstDay(), fingerprint);
    }
  }

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
        case UsageEventParser.Valid valid -> candidates.add(Candidate.of(i, valid.event()));
        case UsageEventParser.Invalid invalid ->
            rejected.add(
                new RejectedEvent(i, invalid.eventId(), "INVALID_ARGUMENT", invalid.reason()));
      }
    }
    Batch batch = new Batch(candidates, rejected, events.size());
    IngestUsageResponse response =
        oneWriter != null ? oneWriter.store(batch) : storeTogether(List.of(batch)).getFirst();
    metrics.batch(
        response.accepted(),
        response.duplicates(),
        response.rejected().stream()
            .collect(Collectors.groupingBy(RejectedEvent::code, Collectors.counting())));
    return response;
  }

  /**
   * Stores the valid events of the batches in one transaction, in order, and answers each: a later
   * batch sees an earlier one's events as accepted before.
   */
  private List<IngestUsageResponse> storeTogether(List<Batch> batches) {
    List<Candidate> all = new ArrayList<>();
    batches.forEach(b -> all.addAll(b.candidates()));
    Set<String> organizationIds = new HashSet<>();
    Set<String> clusterIds = new HashSet<>();
    for (Candidate k : all) {
      organizationIds.add(k.event().organizationId());
      clusterIds.add(k.event().clusterId());
    }
    return tx.writeRetryingDuplicateKeys(
        db -> {
          Map<String, Organization> orgs = db.organizations().findAll(organizationIds);
          // The batches' months are locked before the price book is read. A price-book load
          // locks every open month too, so it either commits first (and these batches price with
          // its book) or waits, and then sees their usage when it checks that no open month is
          // left unpriced.
          Set<PeriodKey> closed = lockMonths(db, all, orgs);
          PriceBook book = prices.current(db).book();
          Map<String, String> clusterOwner = db.clusters().owners(clusterIds);
          List<IngestUsageResponse> answers = new ArrayList<>();
          List<Candidate> allFresh = new ArrayList<>();
          for (Batch b : batches) {
            List<RejectedEvent> rejected = new ArrayList<>(b.rejected());
            List<Candidate> known =
                checkReferences(b.candidates(), orgs, clusterOwner, book, rejected);
            List<Candidate> open = rejectClosed(db, known, closed, rejected);
            List<Candidate> fresh = rememberNew(db, open, rejected);
            allFresh.addAll(fresh);
            rejected.sort(Comparator.comparingInt(RejectedEvent::index));
            answers.add(
                new IngestUsageResponse(
                    fresh.size(), b.size() - fresh.size() - rejected.size(), rejected));
          }
          addToDailySums(db, allFresh);
          return answers;
        });
  }

  /**
   * Drops events naming an organization, cluster or SKU that does not exist (or has no price that
   * day).
   */
  private static List<Candidate> checkReferences(
      List<Candidate> candidates,
      Map<String, Organization> orgs,
      Map<String, String> clusterOwner,
      PriceBook book,
      List<RejectedEvent> rejected) {
    List<Candidate> known = new ArrayList<>();
    Set<String> skus = book.skus();
    for (Candidate k : candidates) {
      UsageEvent e = k.event();
      String reason = null;
      Organization org = orgs.get(e.organizationId());
      String code = "NOT_FOUND";
      if (org == null) {
        reason = "unknown organization " + e.organizationId();
      } else if (k.month().period().month().isBefore(org.billingStart())) {
        code = "FAILED_PRECONDITION";
        reason =
            "the event is dated "
                + k.day()
                + ", before organization "
                + org.id()
                + " is billed (from "
                + org.billingStart()
                + "); usage before the billing start is never billed";
      } else if (!e.organizationId().equals(clusterOwner.get(e.clusterId()))) {
        reason = "unknown cluster " + e.clusterId() + " in organization " + e.organizationId();
      } else if (!skus.contains(e.sku())) {
        reason = "unknown SKU " + e.sku();
      } else if (book.listPriceFor(e.sku(), k.day()).isEmpty()) {
        // A contract price never puts a SKU on sale before its list price (billing model), so the
        // list price alone says whether the day has a price.
        reason = "SKU " + e.sku() + " has no price on " + k.day();
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
      if (org != null && !k.month().period().month().isBefore(org.billingStart())) {
        months.add(k.month());
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
      byPeriod.computeIfAbsent(k.month(), p -> new ArrayList<>()).add(k);
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
   * ones, in batch order.
   *
   * <p>The first event of each (organization, event id) in the batch is offered to the store, which
   * remembers them all in one statement when none is known yet (a batch of new events: the usual
   * case); otherwise the known ones are looked up and the rest remembered, one statement each.
   */
  private static List<Candidate> rememberNew(
      Transaction db, List<Candidate> open, List<RejectedEvent> rejected) throws SQLException {
    Map<UsageStore.EventKey, Candidate> first = new LinkedHashMap<>();
    for (Candidate k : open) {
      first.putIfAbsent(k.key(), k);
    }
    List<UsageStore.Remembered> offered = new ArrayList<>(first.size());
    for (Candidate k : first.values()) {
      offered.add(k.remembered());
    }
    Map<UsageStore.EventKey, String> stored = Map.of();
    if (!db.usage().rememberIfAllNew(offered)) {
      stored = db.usage().fingerprints(first.keySet());
      List<UsageStore.Remembered> unknown = new ArrayList<>();
      for (Candidate k : first.values()) {
        if (!stored.containsKey(k.key())) {
          unknown.add(k.remembered());
        }
      }
      db.usage().remember(unknown);
    }
    List<Candidate> fresh = new ArrayList<>();
    for (Candidate k : open) {
      UsageStore.EventKey key = k.key();
      String seen = stored.get(key);
      if (seen == null) {
        Candidate firstOne = first.get(key);
        if (firstOne == k) {
          fresh.add(k);
          continue;
        }
        seen = firstOne.fingerprint();
      }
      // An empty fingerprint was remembered before fingerprints were kept: a duplicate.
      if (!seen.isEmpty() && !seen.equals(k.fingerprint())) {
        rejected.add(
            new RejectedEvent(
                k.index(),
                k.event().eventId(),
                "ALREADY_EXISTS",
                "event_id "
                    + k.event().eventId()
                    + " was already accepted for organization "
                    + key.organizationId()
                    + " with a different cluster, SKU, quantity or timestamp; an event id names one event"));
      }
    }
    return fresh;
  }

  private static void addToDailySums(Transaction db, List<Candidate> fresh) throws SQLException {
    Map<UsageStore.DayKey, BigDecimal> sums = new HashMap<>();
    for (Candidate k : fresh) {
      UsageEvent e = k.event();
      sums.merge(
          new UsageStore.DayKey(e.organizationId(), k.day(), e.clusterId(), e.sku()),
          e.quantity(),
          BigDecimal::add);
    }
    // In key order, so that batches touching the same rows lock them in the same order.
    db.usage().addToDailySums(new TreeMap<>(sums));
  }
}
