package dev.tally.server.prices;

import dev.tally.server.errors.Failure;
import dev.tally.server.store.Transaction;
import java.sql.SQLException;

/**
 * The price book in force, parsed once per revision. Every use asks the database which revision is
 * newest, inside the caller's own transaction (one small query, and never a second connection), so
 * a book loaded through another instance is in force here at once.
 */
public final class PriceBookCache {

  private volatile PriceBookRevision cached;

  /**
   * The newest price book.
   *
   * @throws Failure FAILED_PRECONDITION when none has been loaded
   */
  public PriceBookRevision current(Transaction db) throws SQLException {
    PriceBookRevision seen = cached;
    int newest = db.priceBooks().newestRevision();
    if (seen != null && seen.revision() == newest) {
      return seen;
    }
    PriceBookRevision loaded =
        db.priceBooks()
            .newest()
            .orElseThrow(() -> Failure.failedPrecondition("no price book has been loaded"));
    cached = loaded;
    return loaded;
  }

  /** Remembers a revision this instance just stored. */
  public void remember(PriceBookRevision revision) {
    cached = revision;
  }
}
