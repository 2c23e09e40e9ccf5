package dev.tally.server.billing;

import dev.tally.model.BillingPeriod;
import dev.tally.engine.InvoiceAssembler;
import dev.tally.engine.RatedInvoice;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.OpenEnum;
import dev.tally.server.Failure;
import dev.tally.server.invoices.InvoiceStore;
import dev.tally.server.store.Rows;
import dev.tally.server.store.Transactor;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finalizes months. Closing an organization's month happens in one transaction that first marks the
 * month closed (so it happens exactly once, however many instances race), then rates it as FINALIZED,
 * stores the invoice, records the credit draws, and forgets the month's event ids (a closed month
 * rejects usage, so they can never be needed again). Months close in order, so credits carry over.
 */
public final class PeriodCloser {

  /** The default wait after a month ends before it closes, for usage that arrives late. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(24);

  /** How many organizations one close works on at once. */
  private static final int PARALLELISM = 4;

  private final Transactor tx;
  private final InvoiceStore invoices;
  private final PriceBookStore prices;
  private final CreditStore credits;
  private final RatingInputs inputs;
  private final Clock clock;

  /**
   * How a month close went.
   *
   * @param closed organizations whose month this call finalized
   * @param alreadyClosed organizations whose month was final before (or was finalized meanwhile by another instance)
   */
  public record Summary(BillingPeriod period, int closed, int alreadyClosed) {}

  public PeriodCloser(Transactor tx, InvoiceStore invoices, PriceBookStore prices, CreditStore credits,
      AdjustmentStore adjustments, com.fasterxml.jackson.databind.ObjectMapper json, Clock clock) {
    this.tx = tx;
    this.invoices = invoices;
    this.prices = prices;
    this.credits = credits;
    this.inputs = new RatingInputs(json, adjustments);
    this.clock = clock;
  }

  /** Closes {@code period} for every organization that existed before it ended. It must have ended. */
  public Summary closeAll(BillingPeriod period) {
    if (clock.instant().isBefore(period.end())) {
      throw Failure.failedPrecondition("the billing period " + period + " has not ended yet");
    }
    // Organizations close independently of each other, so a few at a time keep the database busy
    // while each waits on its round trips.
    AtomicInteger closed = new AtomicInteger();
    try (var workers = Executors.newFixedThreadPool(PARALLELISM, Thread.ofVirtual().factory())) {
      List<Future<?>> work = new ArrayList<>();
      for (String org : organizationsToClose(period)) {
        work.add(workers.submit(() -> {
          if (close(org, period)) {
            closed.incrementAndGet();
          }
        }));
      }
      for (Future<?> done : work) {
        try {
          done.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while closing " + period, e);
        }
      }
    }
    return new Summary(period, closed.get(), organizationsExistingBefore(period.end()) - closed.get());
  }

  /**
   * Closes one organization's month, and first any earlier month of it still open. Returns false when
   * the month was closed already (by this or another instance).
   */
  public boolean close(String organizationId, BillingPeriod period) {
    List<BillingPeriod> open = tx.read(c -> LiveInvoices.openPeriods(c, organizationId, period.end()));
    boolean closedTarget = false;
    for (BillingPeriod earlier : open) {
      if (!earlier.start().isAfter(period.start())) {
        boolean closed = closeOne(organizationId, earlier);
        if (earlier.equals(period)) {
          closedTarget = closed;
        }
      }
    }
    return closedTarget;
  }

  private boolean closeOne(String organizationId, BillingPeriod period) {
    InvoiceAssembler assembler = new InvoiceAssembler(prices.current().book());
    Instant now = clock.instant();
    return tx.write(c -> {
      if (!PeriodLocks.close(c, organizationId, period.firstDay(), now)) {
        return false;
      }
      Optional<Invoice> existing = invoices.findForPeriod(c, organizationId, period.start());
      if (existing.isPresent()) {
        // An imported invoice stands for this month: it is finalized as it is.
        Invoice found = existing.get();
        if (!found.status().is(InvoiceStatus.FINALIZED)) {
          invoices.saveIn(c, organizationId, new Invoice(found.invoiceId(), found.periodStart(), found.periodEnd(),
              OpenEnum.of(InvoiceStatus.FINALIZED), found.totals(), found.balances(), found.adjustments(),
              found.invoiceItems(), found.folderResources()));
        }
      } else {
        RatedInvoice rated = assembler.assemble(inputs.read(c, organizationId, period, InvoiceStatus.FINALIZED,
            credits.balancesBefore(c, organizationId, period)));
        invoices.saveIn(c, organizationId, rated.invoice());
        credits.recordDraws(c, organizationId, period, rated.credits().draws());
      }
      try (PreparedStatement s = c.prepareStatement(
          "DELETE FROM usage_events WHERE organization_id = ? AND period_start = ?")) {
        s.setString(1, organizationId);
        s.setDate(2, Date.valueOf(period.firstDay()));
        s.executeUpdate();
      }
      return true;
    });
  }

  private List<String> organizationsToClose(BillingPeriod period) {
    return tx.read(c -> {
      List<String> orgs = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT o.id FROM organizations o WHERE o.created_at < ? AND NOT EXISTS ("
              + "SELECT 1 FROM billing_periods b WHERE b.organization_id = o.id AND b.period_start = ? AND b.closed_at IS NOT NULL)"
              + " ORDER BY o.id")) {
        Rows.setInstant(s, 1, period.end());
        s.setDate(2, Date.valueOf(period.firstDay()));
        try (ResultSet rows = s.executeQuery()) {
          while (rows.next()) {
            orgs.add(rows.getString(1));
          }
        }
      }
      return orgs;
    });
  }

  private int organizationsExistingBefore(Instant end) {
    return tx.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM organizations WHERE created_at < ?")) {
        Rows.setInstant(s, 1, end);
        try (ResultSet rows = s.executeQuery()) {
          rows.next();
          return rows.getInt(1);
        }
      }
    });
  }

  /** The latest month whose grace period is over at {@code now}. */
  public static BillingPeriod lastClosable(Instant now, Duration grace) {
    return new BillingPeriod(BillingPeriod.containing(now.minus(grace)).month().minusMonths(1));
  }
}
