package dev.tally.server.billing;

import dev.tally.model.BillingPeriod;
import dev.tally.engine.GrantBalance;
import dev.tally.engine.InvoiceAssembler;
import dev.tally.engine.InvoiceIds;
import dev.tally.engine.RatedInvoice;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.server.invoices.InvoiceSource;
import dev.tally.server.invoices.InvoiceStore;
import dev.tally.server.invoices.InvoiceWindow;
import dev.tally.server.orgs.Organization;
import dev.tally.server.orgs.OrganizationStore;
import dev.tally.server.store.Transactor;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The invoices the API serves: stored ones (finalized, or imported), plus a DRAFT rated live from
 * usage for every month that is still open. Open months run from the month after the last closed
 * one (or the organization's first month) to the current month; a draft reflects accepted usage at
 * once, and the drafts of consecutive open months share credits in order, so none is counted twice.
 */
public final class LiveInvoices implements InvoiceSource {

  private final Transactor tx;
  private final InvoiceStore stored;
  private final PriceBookStore prices;
  private final CreditStore credits;
  private final RatingInputs inputs;

  public LiveInvoices(Transactor tx, InvoiceStore stored, PriceBookStore prices, CreditStore credits,
      AdjustmentStore adjustments, com.fasterxml.jackson.databind.ObjectMapper json) {
    this.tx = tx;
    this.stored = stored;
    this.prices = prices;
    this.credits = credits;
    this.inputs = new RatingInputs(json, adjustments);
  }

  @Override
  public List<Invoice> list(String organizationId, InvoiceWindow window, Instant now) {
    List<Invoice> invoices = new ArrayList<>(stored.list(organizationId, window));
    if (window.status().map(status -> status == InvoiceStatus.DRAFT).orElse(true)) {
      invoices.addAll(drafts(organizationId, now,
          p -> !p.start().isBefore(window.start()) && !p.end().isAfter(window.end())));
    }
    invoices.sort(Comparator.comparing(Invoice::periodStart));
    return invoices;
  }

  @Override
  public Optional<Invoice> find(String organizationId, String invoiceId, Instant now) {
    Optional<Invoice> found = stored.find(organizationId, invoiceId);
    if (found.isPresent()) {
      return found;
    }
    return drafts(organizationId, now, p -> InvoiceIds.monthly(organizationId, p).equals(invoiceId)).stream()
        .findFirst();
  }

  /**
   * The DRAFTs of the organization's open months that {@code wanted} selects. Earlier open months are
   * rated too, since their credit draws come first, but none after the last wanted one: the default
   * listing, which ends now, never rates the running month.
   */
  private List<Invoice> drafts(String organizationId, Instant now, Predicate<BillingPeriod> wanted) {
    return tx.read(c -> {
      List<Invoice> drafts = new ArrayList<>();
      List<BillingPeriod> open = openPeriods(c, organizationId, now);
      int last = open.size() - 1;
      while (last >= 0 && !wanted.test(open.get(last))) {
        last--;
      }
      if (last < 0) {
        return drafts;
      }
      InvoiceAssembler assembler = new InvoiceAssembler(prices.current().book());
      Set<Instant> storedPeriods = stored.storedPeriods(c, organizationId, open.get(0).start(), open.get(last).end());
      List<GrantBalance> balances = credits.balancesBefore(c, organizationId, open.get(0));
      for (BillingPeriod period : open.subList(0, last + 1)) {
        if (storedPeriods.contains(period.start())) {
          continue;
        }
        RatedInvoice rated = assembler.assemble(inputs.read(c, organizationId, period, InvoiceStatus.DRAFT, balances));
        if (wanted.test(period)) {
          drafts.add(rated.invoice());
        }
        balances = rated.credits().closing();
      }
      return drafts;
    });
  }

  /** Months after the last closed one (at the earliest the creation month), up to the current month. */
  static List<BillingPeriod> openPeriods(Connection c, String organizationId, Instant now) throws SQLException {
    Organization org = OrganizationStore.require(c, organizationId);
    YearMonth first = YearMonth.from(org.createdAt().atOffset(ZoneOffset.UTC));
    try (PreparedStatement s = c.prepareStatement(
        "SELECT MAX(period_start) FROM billing_periods WHERE organization_id = ? AND closed_at IS NOT NULL")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        Date lastClosed = rows.getDate(1);
        if (lastClosed != null) {
          YearMonth afterClosed = YearMonth.from(lastClosed.toLocalDate()).plusMonths(1);
          first = afterClosed.isAfter(first) ? afterClosed : first;
        }
      }
    }
    YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
    List<BillingPeriod> periods = new ArrayList<>();
    for (YearMonth m = first; !m.isAfter(current); m = m.plusMonths(1)) {
      periods.add(new BillingPeriod(m));
    }
    return periods;
  }
}
