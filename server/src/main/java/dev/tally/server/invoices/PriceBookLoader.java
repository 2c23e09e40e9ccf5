package dev.tally.server.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.engine.InvalidPriceBookException;
import dev.tally.engine.Price;
import dev.tally.engine.PriceBook;
import dev.tally.engine.PriceBookFile;
import dev.tally.server.errors.Failure;
import dev.tally.server.orgs.IdRules;
import dev.tally.server.orgs.Organization;
import dev.tally.server.prices.PriceBookCache;
import dev.tally.server.prices.PriceBookRevision;
import dev.tally.server.store.Transaction;
import dev.tally.server.store.Transactor;
import dev.tally.server.usage.UsageStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Puts a new price book in force. Each change gets the next revision; loading the book in force
 * again changes nothing. Two loads racing for the same revision number are retried, so both land.
 */
public final class PriceBookLoader {

  private final Transactor tx;
  private final PriceBookCache cache;
  private final Clock clock;

  public PriceBookLoader(Transactor tx, PriceBookCache cache, Clock clock) {
    this.tx = tx;
    this.cache = cache;
    this.clock = clock;
  }

  /**
   * Loads a price book file (the format of {@link PriceBookFile}).
   *
   * @return its revision, or the current one if the file holds the book in force
   * @throws Failure INVALID_ARGUMENT naming every problem of an invalid file; FAILED_PRECONDITION
   *     naming each SKU, organization and month whose usage the book would leave without a price
   */
  public PriceBookRevision load(String json) {
    return load(() -> PriceBookFile.parse(json));
  }

  /**
   * Loads a price book parsed already, as the operator API's route has it after its strict parse
   * (so a body is parsed once, and by one parser's rules).
   *
   * @see #load(String)
   */
  public PriceBookRevision load(JsonNode tree) {
    return load(() -> PriceBookFile.fromTree(tree));
  }

  private PriceBookRevision load(Supplier<PriceBook> read) {
    PriceBook book;
    try {
      book = read.get();
    } catch (InvalidPriceBookException e) {
      throw Failure.invalid("invalid price book: " + String.join("; ", e.problems()) + e.more());
    }
    // Checked when a book is loaded, not when a stored one is read: a book stored before this rule
    // must stay readable, or nothing could be priced.
    for (Price price : book.prices()) {
      IdRules.requireSingleLine(
          "invalid price book: the description of SKU " + price.sku(), price.description());
    }
    PriceBookRevision revision =
        tx.writeRetryingDuplicateKeys(
            db -> {
              Optional<PriceBookRevision> current = db.priceBooks().newest();
              if (current.isPresent() && current.get().book().equals(book)) {
                return current.get();
              }
              requirePricesForOpenMonths(db, book);
              return db.priceBooks().append(book, clock.instant());
            });
    cache.remember(revision);
    return revision;
  }

  /**
   * Refuses a book that leaves usage of an open month without a price: that month's draft could not
   * be rated, nor its close run. Closed months are final and never re-rated, so they do not count.
   */
  private static void requirePricesForOpenMonths(Transaction db, PriceBook book)
      throws SQLException {
    // Ingestion locks the months it adds to before it reads the book (UsageIngestion): with every
    // open
    // month locked here, a batch that started first has committed and is seen below, and one that
    // starts later waits for this load and prices with the new book.
    db.billingPeriods().lockAllOpen();
    Map<String, YearMonth> lastClosed = db.billingPeriods().lastClosedByOrganization();
    Optional<YearMonth> earliestOpen = Optional.empty();
    Map<String, YearMonth> firstOpen = new HashMap<>();
    for (Organization org : db.organizations().list()) {
      YearMonth closed = lastClosed.get(org.id());
      YearMonth open =
          closed == null || closed.isBefore(org.billingStart())
              ? org.billingStart()
              : closed.plusMonths(1);
      firstOpen.put(org.id(), open);
      earliestOpen = earliestOpen.filter(e -> !e.isAfter(open)).or(() -> Optional.of(open));
    }
    if (earliestOpen.isEmpty()) {
      return;
    }
    Set<String> problems = new TreeSet<>();
    for (UsageStore.SkuDay used : db.usage().skuDaysSince(earliestOpen.get().atDay(1))) {
      YearMonth month = YearMonth.from(used.day());
      YearMonth open = firstOpen.get(used.organizationId());
      if (open != null
          && !month.isBefore(open)
          && book.priceFor(used.organizationId(), used.sku(), used.day()).isEmpty()) {
        problems.add(
            "SKU " + used.sku() + " (organization " + used.organizationId() + ", " + month + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw Failure.failedPrecondition(
          "the price book leaves usage of open months without a price, so those"
              + " invoices could not be rated: "
              + String.join(", ", problems)
              + "; keep those SKUs priced (with their effective dates) until the months close");
    }
  }

  /** Loads the default price book when none has been loaded yet, so a new installation can rate. */
  public void loadDefaultIfEmpty() {
    if (tx.read(db -> db.priceBooks().newestRevision()) == 0) {
      load(PriceBookFile.toJson(PriceBookFile.defaultPriceBook()));
    }
  }

  /**
   * The price book in force.
   *
   * @throws Failure FAILED_PRECONDITION when none has been loaded
   */
  public PriceBookRevision current() {
    return tx.read(cache::current);
  }
}
