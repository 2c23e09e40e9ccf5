package dev.tally.server.invoices;

import dev.tally.engine.InvalidPriceBookException;
import dev.tally.engine.PriceBook;
import dev.tally.engine.PriceBookFile;
import dev.tally.server.errors.Failure;
import dev.tally.server.prices.PriceBookCache;
import dev.tally.server.prices.PriceBookRevision;
import dev.tally.server.store.Transactor;
import java.time.Clock;
import java.util.Optional;

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
   * @throws Failure INVALID_ARGUMENT naming every problem of an invalid file
   */
  public PriceBookRevision load(String json) {
    PriceBook book;
    try {
      book = PriceBookFile.parse(json);
    } catch (InvalidPriceBookException e) {
      throw Failure.invalid("invalid price book: " + String.join("; ", e.problems()));
    }
    PriceBookRevision revision = tx.writeRetryingDuplicateKeys(db -> {
      Optional<PriceBookRevision> current = db.priceBooks().newest();
      if (current.isPresent() && current.get().book().equals(book)) {
        return current.get();
      }
      return db.priceBooks().append(book, clock.instant());
    });
    cache.remember(revision);
    return revision;
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
