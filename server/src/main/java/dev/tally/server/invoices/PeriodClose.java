package dev.tally.server.invoices;

import dev.tally.engine.InvoiceAssembler;
import dev.tally.engine.RatedInvoice;
import dev.tally.engine.RatingInput;
import dev.tally.model.BillingPeriod;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.OpenEnum;
import dev.tally.server.errors.Failure;
import dev.tally.server.metrics.CloseMetrics;
import dev.tally.server.orgs.Organization;
import dev.tally.server.prices.PriceBookCache;
import dev.tally.server.prices.PriceBookRevision;
import dev.tally.server.store.Transaction;
import dev.tally.server.store.Transactor;
import dev.tally.server.usage.UsageStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Finalizes months. Closing an organization's month happens in one transaction that first marks the
 * month closed (so it happens exactly once, however many instances race), then rates it as
 * FINALIZED, stores the invoice, records the credit draws and keeps the month's rating record with
 * the invoice's digest ({@link InvoiceSeal}). Then the month's event ids are forgotten in bounded
 * chunks (a closed month rejects usage, so they can never be needed again). Months close in order,
 * so credits carry over.
 */
public final class PeriodClose {

  /** How many organizations one close works on at once. */
  private static final int PARALLELISM = 4;

  /**
   * How many organizations a close takes at a time: it reads their previous month's digests in one
   * statement (bounded memory, whatever the number of organizations).
   */
  private static final int CHUNK = 1_000;

  /** How many event ids of a closed month one transaction forgets. */
  static final int FORGET_CHUNK = 5_000;

  private final Transactor tx;
  private final PriceBookCache prices;
  private final Clock clock;
  private final CloseMetrics metrics;
  private final int chunk;

  /**
   * How a month close went.
   *
   * @param closed organizations whose month this call finalized
   * @param alreadyClosed organizations whose month was final before (or was finalized meanwhile by
   *     another instance)
   */
  public record Summary(BillingPeriod period, int closed, int alreadyClosed) {}

  public PeriodClose(Transactor tx, PriceBookCache prices, Clock clock, CloseMetrics metrics) {
    this(tx, prices, clock, metrics, CHUNK);
  }

  /** As the public constructor, taking {@code chunk} organizations at a time (tests). */
  PeriodClose(Transactor tx, PriceBookCache prices, Clock clock, CloseMetrics metrics, int chunk) {
    this.chunk = chunk;
    this.tx = tx;
    this.prices = prices;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Closes {@code period} for every organization billed for it (billing start at or before it).
   *
   * @throws Failure FAILED_PRECONDITION when the period has not ended yet
   */
  public Summary closeAll(BillingPeriod period) {
    return closeAll(period, org -> true);
  }

  /**
   * Closes {@code period} for the organizations billed for it that {@code eligible} selects; the
   * others are left open and not counted.
   *
   * @throws Failure FAILED_PRECONDITION when the period has not ended yet
   */
  public Summary closeAll(BillingPeriod period, Predicate<Organization> eligible) {
    if (clock.instant().isBefore(period.end())) {
      throw Failure.failedPrecondition("the billing period " + period + " has not ended yet");
    }
    long started = System.nanoTime();
    boolean success = false;
    try {
      Summary summary = closeEligible(period, eligible);
      success = true;
      return summary;
    } finally {
      metrics.closeRun(Duration.ofNanos(System.nanoTime() - started), success);
    }
  }

  private Summary closeEligible(BillingPeriod period, Predicate<Organization> eligible) {
    List<String> existing =
        tx.read(db -> db.organizations().list()).stream()
            .filter(org -> !org.billingStart().isAfter(period.month()) && eligible.test(org))
            .map(Organization::id)
            .sorted()
            .toList();
    Set<String> closedBefore = tx.read(db -> db.billingPeriods().closedOrganizations(period));
    // Organizations close independently of each other, so a few at a time keep the database busy
    // while each waits on its round trips. Platform threads, not virtual ones: the embedded
    // database waits for row locks by spinning, and spinning virtual threads can occupy every
    // carrier while the holder of a lock they wait for is unmounted, so nobody progresses.
    List<String> toClose = existing.stream().filter(org -> !closedBefore.contains(org)).toList();
    AtomicInteger closed = new AtomicInteger();
    RuntimeException failure = null;
    try (var workers =
        Executors.newFixedThreadPool(
            PARALLELISM, Thread.ofPlatform().name("tally-close-", 0).factory())) {
      for (int from = 0; from < toClose.size(); from += chunk) {
        List<String> orgs = toClose.subList(from, Math.min(from + chunk, toClose.size()));
        PreviousDigests readAhead = PreviousDigests.readAhead(tx, period, orgs);
        List<Future<?>> work = new ArrayList<>();
        for (String org : orgs) {
          work.add(
              workers.submit(
                  () -> {
                    if (close(org, period, readAhead)) {
                      closed.incrementAndGet();
                    }
                  }));
        }
        failure = awaitAll(work, period, failure);
      }
    }
    // One organization that cannot be closed leaves the others closed; its error is the answer.
    if (failure != null) {
      throw failure;
    }
    return new Summary(period, closed.get(), existing.size() - closed.get());
  }

  /** Waits for {@code work}; returns {@code failure}, or else the first failure in it, if any. */
  private static RuntimeException awaitAll(
      List<Future<?>> work, BillingPeriod period, RuntimeException failure) {
    for (Future<?> done : work) {
      try {
        done.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException r
                  ? r
                  : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while closing " + period, e);
      }
    }
    return failure;
  }

  /**
   * Closes one organization's month, and first any earlier month of it still open. Returns false
   * when the month was closed already (by this or another instance).
   *
   * @throws Failure NOT_FOUND for an unknown organization
   */
  public boolean close(String organizationId, BillingPeriod period) {
    return close(organizationId, period, PreviousDigests.NONE);
  }

  private boolean close(String organizationId, BillingPeriod period, PreviousDigests readAhead) {
    List<BillingPeriod> open =
        tx.read(
            db -> {
              Organization org = db.organizations().require(organizationId);
              return db.billingPeriods().open(organizationId, org.billingStart(), period.end());
            });
    boolean closedTarget = false;
    for (BillingPeriod earlier : open) {
      if (!earlier.start().isAfter(period.start())) {
        boolean closed = closeOne(organizationId, earlier, readAhead);
        if (earlier.equals(period)) {
          closedTarget = closed;
        }
      }
    }
    return closedTarget;
  }

  private boolean closeOne(String organizationId, BillingPeriod period, PreviousDigests readAhead) {
    Instant now = clock.instant();
    boolean closed =
        tx.write(
            db -> {
              if (!db.billingPeriods().close(organizationId, period, now)) {
                return false;
              }
              finalize(db, organizationId, period, readAhead);
              return true;
            });
    if (closed) {
      metrics.invoiceFinalized();
      forgetEventIds(organizationId, period);
    }
    return closed;
  }

  /**
   * Forgets a closed month's event ids in bounded transactions. A process that stops half-way
   * leaves some behind: harmless, since a closed month rejects usage, and each chunk is safe to
   * repeat.
   */
  private void forgetEventIds(String organizationId, BillingPeriod period) {
    String after = null;
    UsageStore.Forgotten chunk;
    do {
      String from = after;
      chunk = tx.write(db -> db.usage().forgetEventIds(organizationId, period, from, FORGET_CHUNK));
      after = chunk.lastEventId();
    } while (chunk.more());
  }

  private void finalize(
      Transaction db, String organizationId, BillingPeriod period, PreviousDigests readAhead)
      throws SQLException {
    Optional<Invoice> existing = db.invoices().findForPeriod(organizationId, period.start());
    if (existing.isPresent()) {
      // An imported invoice stands for this month: it is finalized as it is.
      Invoice found = existing.get();
      if (!found.status().is(InvoiceStatus.FINALIZED)) {
        db.invoices()
            .save(
                organizationId,
                new Invoice(
                    found.invoiceId(),
                    found.periodStart(),
                    found.periodEnd(),
                    OpenEnum.of(InvoiceStatus.FINALIZED),
                    found.totals(),
                    found.balances(),
                    found.adjustments(),
                    found.invoiceItems(),
                    found.folderResources()));
      }
      return;
    }
    PriceBookRevision book = prices.current(db);
    RatingInput input =
        MonthRating.inputs(
            db,
            organizationId,
            period,
            InvoiceStatus.FINALIZED,
            db.creditGrants().balancesBefore(organizationId, period));
    RatedInvoice rated = MonthRating.rate(new InvoiceAssembler(book.book()), input);
    Invoice invoice = InvoiceRules.check(rated.invoice());
    StoredRating rating = InvoiceSeal.seal(db, book, input, rated.credits(), invoice, readAhead);
    db.invoices().insertFinalized(organizationId, invoice, rating);
    db.creditGrants().recordDraws(organizationId, period, rated.credits().draws());
  }
}
