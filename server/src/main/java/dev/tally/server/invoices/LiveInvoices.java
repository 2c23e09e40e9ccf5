package dev.tally.server.invoices;

import dev.tally.engine.CreditDraw;
import dev.tally.engine.CreditGrant;
import dev.tally.engine.GrantBalance;
import dev.tally.engine.InvoiceAssembler;
import dev.tally.engine.InvoiceIds;
import dev.tally.engine.PriceBook;
import dev.tally.engine.Provenance;
import dev.tally.engine.RatedInvoice;
import dev.tally.engine.RatingInput;
import dev.tally.engine.RatingRecord;
import dev.tally.model.BillingPeriod;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.extensions.CreditGrantBalance;
import dev.tally.model.extensions.CreditsOverview;
import dev.tally.model.provenance.InvoiceProvenance;
import dev.tally.server.errors.Failure;
import dev.tally.server.orgs.Organization;
import dev.tally.server.orgs.Organizations;
import dev.tally.server.prices.PriceBookCache;
import dev.tally.server.store.SharedReads;
import dev.tally.server.store.Transaction;
import dev.tally.server.store.Transactor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The invoices the API serves: stored ones (finalized, or imported), plus a DRAFT rated live from
 * usage for every month that is still open. Each call reads in one transaction, so a close that
 * commits meanwhile is seen either wholly or not at all. A draft reflects accepted usage at once,
 * and the drafts of consecutive open months share credits in order, so none is counted twice.
 */
public final class LiveInvoices {

  private final Transactor tx;
  private final PriceBookCache prices;
  private final SharedReads<String, Optional<Long>> revisions;

  public LiveInvoices(Transactor tx, PriceBookCache prices) {
    this.tx = tx;
    this.prices = prices;
    this.revisions = tx.sharedStatements();
  }

  /**
   * The version a list with these parameters would be read at now ({@link DraftVersion}), in one
   * statement outside a transaction, with the parameters checked as {@link #listing} checks them:
   * what a cached list is checked against. The list is a function of the version and the
   * parameters: every change to its members (a close, an import, anything a draft is rated from)
   * advances the version.
   *
   * @throws Failure NOT_FOUND for an unknown organization, INVALID_ARGUMENT when start and end are
   *     both given and start is after end
   */
  public DraftVersion listVersion(
      String organizationId,
      Optional<Instant> start,
      Optional<Instant> end,
      Optional<InvoiceStatus> status,
      Instant now) {
    return tx.readOneStatement(
        db -> {
          Organizations.Revised revised = db.organizations().requireRevised(organizationId);
          InvoiceWindow.requested(start, end, status, revised.organization().firstPeriod(), now);
          return DraftVersion.at(revised.revision(), now);
        });
  }

  /**
   * The organization's invoices whose whole period lies in the window, by period start (see {@link
   * InvoiceWindow#requested} for the bounds a client leaves out), read in one transaction with the
   * version they are read at: stored FINALIZED invoices by id, whose bodies {@link #finalized}
   * reads (or a cache holds), and live drafts in full, unless the caller holds every one at that
   * version. The statements it costs do not grow with the list's length.
   *
   * @param start inclusive bound on {@code period_start}; empty for the first month billed
   * @param end inclusive bound on {@code period_end}; empty for up to the running month, included
   * @param now the request's time, which decides which month is running
   * @param cachedDrafts whether the caller holds a draft's body at a version
   * @throws Failure NOT_FOUND for an unknown organization, INVALID_ARGUMENT when start and end are
   *     both given and start is after end
   */
  public Listed listing(
      String organizationId,
      Optional<Instant> start,
      Optional<Instant> end,
      Optional<InvoiceStatus> status,
      Instant now,
      DraftLookup cachedDrafts) {
    return tx.read(
        db -> {
          Organizations.Revised revised = db.organizations().requireRevised(organizationId);
          Organization org = revised.organization();
          DraftVersion version = DraftVersion.at(revised.revision(), now);
          InvoiceWindow window =
              InvoiceWindow.requested(start, end, status, org.firstPeriod(), now);
          List<InvoiceListing.Entry> entries =
              new ArrayList<>(db.invoices().listed(organizationId, window));
          if (status.map(s -> s == InvoiceStatus.DRAFT).orElse(true)) {
            List<BillingPeriod> wanted = unstoredOpenMonths(db, org, now, window::holds);
            List<String> ids =
                wanted.stream().map(p -> InvoiceIds.monthly(organizationId, p)).toList();
            if (!ids.isEmpty() && ids.stream().allMatch(id -> cachedDrafts.has(id, version))) {
              for (int i = 0; i < ids.size(); i++) {
                entries.add(
                    new InvoiceListing.CachedDraft(ids.get(i), wanted.get(i).start(), version));
              }
            } else {
              drafts(db, org, now, window::holds).stream()
                  .map(draft -> new InvoiceListing.Full(draft, Optional.of(version)))
                  .forEach(entries::add);
            }
          }
          entries.sort(Comparator.comparing(InvoiceListing.Entry::periodStart));
          return new Listed(new InvoiceListing(entries), version);
        });
  }

  /** What {@link #listing} read: the list, at {@code version}. */
  public record Listed(InvoiceListing listing, DraftVersion version) {}

  /** Whether the caller holds a draft's body rated at a version; see {@link #listing}. */
  @FunctionalInterface
  public interface DraftLookup {

    /** Whether the caller holds the draft at exactly {@code version}. */
    boolean has(String invoiceId, DraftVersion version);
  }

  /** The open months that {@code wanted} selects and that have no stored invoice, oldest first. */
  private List<BillingPeriod> unstoredOpenMonths(
      Transaction db, Organization org, Instant now, Predicate<BillingPeriod> wanted)
      throws SQLException {
    List<BillingPeriod> open = db.billingPeriods().open(org.id(), org.billingStart(), now);
    if (open.isEmpty()) {
      return List.of();
    }
    Set<Instant> stored =
        db.invoices().storedPeriods(org.id(), open.getFirst().start(), open.getLast().end());
    return open.stream().filter(p -> !stored.contains(p.start()) && wanted.test(p)).toList();
  }

  /**
   * The organization's FINALIZED invoices with these ids, in one statement. A finalized invoice
   * never changes, so this may be read after the {@link #listing} that named them.
   *
   * @return the invoices found, in no particular order; another organization's are never found
   */
  public List<Invoice> finalized(String organizationId, Collection<String> invoiceIds) {
    if (invoiceIds.isEmpty()) {
      return List.of(); // every body was at hand: no transaction, no connection
    }
    return tx.read(db -> db.invoices().findFinalized(organizationId, invoiceIds));
  }

  /** The organization's invoice with this id, stored or live; empty if it has none such. */
  public Optional<Invoice> find(String organizationId, String invoiceId, Instant now) {
    return findVersioned(organizationId, invoiceId, now)
        .map(
            found ->
                switch (found) {
                  case Found.Stored stored -> stored.invoice();
                  case Found.Rated rated -> rated.invoice();
                });
  }

  /** What {@link #findVersioned} read. */
  public sealed interface Found {

    /** A stored invoice: FINALIZED, or an imported DRAFT. */
    record Stored(Invoice invoice) implements Found {}

    /** A live DRAFT, rated now, at {@code version}. */
    record Rated(Invoice invoice, DraftVersion version) implements Found {}
  }

  /**
   * The organization's invoice with this id as {@link #find} reads it, in one transaction, with
   * what a cache of drafts needs: the version a live draft is rated at, read in the same
   * transaction. A caller holding a draft checks it against {@link #currentVersion} first: the
   * version names every input of the drafts, closes and imports included, so a draft held at the
   * current version is still a live draft, and no stored invoice can have taken its place.
   *
   * @return empty if the organization has no such invoice, or does not exist
   */
  public Optional<Found> findVersioned(String organizationId, String invoiceId, Instant now) {
    return tx.read(
        db -> {
          Optional<DraftVersion> version = draftVersion(db, organizationId, now);
          if (version.isEmpty()) {
            return Optional.<Found>empty();
          }
          Optional<Invoice> stored = db.invoices().find(organizationId, invoiceId);
          if (stored.isPresent()) {
            return stored.<Found>map(Found.Stored::new);
          }
          Optional<Organization> org = db.organizations().find(organizationId);
          if (org.isEmpty()) {
            return Optional.<Found>empty();
          }
          return drafts(
                  db, org.get(), now, p -> InvoiceIds.monthly(organizationId, p).equals(invoiceId))
              .stream()
              .findFirst()
              .<Found>map(draft -> new Found.Rated(draft, version.get()));
        });
  }

  /**
   * The version the organization's drafts and lists would be read at now ({@link DraftVersion}), in
   * one statement outside a transaction: what a cached draft or list is checked against. Callers
   * that ask for one organization at the same time share the statement, each answered by one that
   * began after it asked ({@link SharedReads}), so the version is never older than the call.
   *
   * @param now the request's time, whose UTC day is the version's
   * @return empty for an unknown organization
   * @throws dev.tally.server.store.StoreException when the database cannot answer
   */
  public Optional<DraftVersion> currentVersion(String organizationId, Instant now) {
    return revisions
        .get(
            organizationId,
            () -> tx.readOneStatement(db -> db.organizations().revision(organizationId)))
        .map(r -> DraftVersion.at(r, now));
  }

  /**
   * The version the organization's drafts would be rated at now, in one statement; empty for an
   * unknown organization.
   */
  private static Optional<DraftVersion> draftVersion(
      Transaction db, String organizationId, Instant now) throws SQLException {
    return db.organizations().revision(organizationId).map(r -> DraftVersion.at(r, now));
  }

  /**
   * Where the organization's invoice with this id comes from (docs/billing-model.md, "Provenance"):
   * a FINALIZED invoice from its rating record, a DRAFT from the usage so far.
   *
   * @return empty if the organization has no such invoice; a finalized invoice's digest is derived
   *     again from what is stored ({@link DigestChain}), not read from its column
   * @throws Failure FAILED_PRECONDITION for an imported invoice, which Tally did not rate, or a
   *     finalized one whose rating record is missing, unreadable or does not rate
   */
  public Optional<InvoiceProvenance> provenance(
      String organizationId, String invoiceId, Instant now) {
    return tx.read(
        db -> {
          Optional<Invoice> stored = db.invoices().find(organizationId, invoiceId);
          if (stored.isPresent()) {
            BillingPeriod period = BillingPeriod.containing(stored.get().periodStart());
            Optional<StoredRating> rating =
                db.invoices()
                    .ratingRecord(organizationId, period)
                    .filter(r -> r.invoiceId().equals(invoiceId));
            if (rating.isEmpty()) {
              boolean imported =
                  db.organizations()
                      .find(organizationId)
                      .map(o -> period.month().isBefore(o.billingStart()))
                      .orElse(false);
              throw Failure.failedPrecondition(
                  imported
                      ? "invoice "
                          + invoiceId
                          + " has no rating record (it was imported, not rated by Tally), so its"
                          + " provenance is unknown"
                      : "invoice "
                          + invoiceId
                          + " was rated by Tally but its rating record is missing; tally invoices"
                          + " verify reports it");
            }
            RatingRecord record;
            RatedInvoice rated;
            try {
              record = RatingRecord.parse(rating.get().body());
              rated = MonthRating.rate(new InvoiceAssembler(record.priceBook()), record.input());
            } catch (RuntimeException e) {
              // Stored data changed behind Tally's back (a record Tally wrote always rates): say
              // so, where an unexplained 500 would suggest a defect.
              throw Failure.failedPrecondition(
                  "the rating record of invoice "
                      + invoiceId
                      + " cannot be read or rated ("
                      + e.getMessage()
                      + "); tally invoices verify reports what is wrong");
            }
            return Optional.of(
                Provenance.explain(
                    record.priceBook(),
                    record.input(),
                    rated,
                    Optional.of(DigestChain.derive(db, organizationId, period))));
          }
          Optional<Organization> org = db.organizations().find(organizationId);
          if (org.isEmpty()) {
            return Optional.<InvoiceProvenance>empty();
          }
          return rateDrafts(
                  db, org.get(), now, p -> InvoiceIds.monthly(organizationId, p).equals(invoiceId))
              .stream()
              .filter(d -> d.wanted())
              .findFirst()
              .map(
                  d ->
                      Provenance.explain(d.book(), d.input(), d.rated(), Optional.<String>empty()));
        });
  }

  /** The DRAFTs of the organization's open months that {@code wanted} selects. */
  private List<Invoice> drafts(
      Transaction db, Organization org, Instant now, Predicate<BillingPeriod> wanted)
      throws SQLException {
    return rateDrafts(db, org, now, wanted).stream()
        .filter(RatedDraft::wanted)
        .map(d -> d.rated().invoice())
        .toList();
  }

  /** A draft as rated, with what it was rated from. */
  private record RatedDraft(
      PriceBook book, RatingInput input, RatedInvoice rated, boolean wanted) {}

  /**
   * Rates the drafts of the organization's open months up to the last one that {@code wanted}
   * selects: earlier open months are rated too, since their credit draws come first.
   */
  private List<RatedDraft> rateDrafts(
      Transaction db, Organization org, Instant now, Predicate<BillingPeriod> wanted)
      throws SQLException {
    List<RatedDraft> drafts = new ArrayList<>();
    List<BillingPeriod> open = db.billingPeriods().open(org.id(), org.billingStart(), now);
    int last = open.size() - 1;
    while (last >= 0 && !wanted.test(open.get(last))) {
      last--;
    }
    if (last < 0) {
      return drafts;
    }
    PriceBook book = prices.current(db).book();
    InvoiceAssembler assembler = new InvoiceAssembler(book);
    Set<Instant> storedPeriods =
        db.invoices().storedPeriods(org.id(), open.get(0).start(), open.get(last).end());
    List<GrantBalance> balances = db.creditGrants().balancesBefore(org.id(), open.get(0));
    for (BillingPeriod period : open.subList(0, last + 1)) {
      if (storedPeriods.contains(period.start())) {
        continue;
      }
      RatingInput input = MonthRating.inputs(db, org.id(), period, InvoiceStatus.DRAFT, balances);
      RatedInvoice rated = MonthRating.rate(assembler, input);
      drafts.add(new RatedDraft(book, input, rated, wanted.test(period)));
      balances = rated.credits().closing();
    }
    return drafts;
  }

  /**
   * The organization's prepaid credits as of {@code now}: each grant's remaining amount after the
   * finalized invoices' draws and every open month's draft draws (so a grant shows what the running
   * draft leaves of it), what can be drawn now, and the average daily draw of the 30 UTC days
   * ending with {@code now}'s day. Read in one transaction.
   *
   * @throws Failure NOT_FOUND for an unknown organization
   */
  public CreditsOverview credits(String organizationId, Instant now) {
    return tx.read(
        db -> {
          Organization org = db.organizations().require(organizationId);
          LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
          LocalDate windowStart = today.minusDays(AVERAGE_DAYS - 1);
          List<RatedInvoice> rated =
              rateDrafts(db, org, now, p -> true).stream().map(RatedDraft::rated).toList();
          List<GrantBalance> balances =
              rated.isEmpty()
                  ? db.creditGrants()
                      .balancesBefore(org.id(), BillingPeriod.containing(today.plusMonths(1)))
                  : rated.getLast().credits().closing();
          BigDecimal drawn = db.creditGrants().drawnOn(org.id(), windowStart, today);
          for (RatedInvoice month : rated) {
            for (CreditDraw draw : month.credits().draws()) {
              if (!draw.day().isBefore(windowStart) && !draw.day().isAfter(today)) {
                drawn = drawn.add(draw.amount());
              }
            }
          }
          BigDecimal available = BigDecimal.ZERO.setScale(2);
          List<CreditGrantBalance> grants = new ArrayList<>();
          for (GrantBalance balance : balances) {
            CreditGrant grant = balance.grant();
            if (grant.isActiveAt(now)) {
              available = available.add(balance.remaining());
            }
            grants.add(
                new CreditGrantBalance(
                    grant.id(),
                    grant.amount().setScale(2),
                    balance.remaining().setScale(2),
                    grant.startsAt(),
                    grant.expiresAt()));
          }
          return new CreditsOverview(
              "USD",
              available,
              drawn.divide(BigDecimal.valueOf(AVERAGE_DAYS), 2, RoundingMode.HALF_EVEN),
              grants);
        });
  }

  /** How many days {@link #credits}' average spans. */
  static final int AVERAGE_DAYS = 30;
}
