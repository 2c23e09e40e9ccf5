package dev.tally.server.prices;

import dev.tally.engine.PriceBook;
import dev.tally.engine.PriceBookFile;
import dev.tally.server.store.JdbcColumns;
import dev.tally.server.store.Transaction;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Owner of {@code price_books}: every loaded price book file, whole, in its canonical form. The
 * highest revision is in force; each file carries the full price history (effective-from dates).
 */
public final class PriceBooks {

  private final Transaction db;

  public PriceBooks(Transaction db) {
    this.db = db;
  }

  /** The revision number in force, or 0 when no book has been loaded. */
  public int newestRevision() throws SQLException {
    try (PreparedStatement s = db.prepare("SELECT MAX(version) FROM price_books");
        ResultSet rows = s.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /** The book in force, if any has been loaded. */
  public Optional<PriceBookRevision> newest() throws SQLException {
    try (PreparedStatement s =
            db.prepare("SELECT version, body FROM price_books ORDER BY version DESC LIMIT 1");
        ResultSet rows = s.executeQuery()) {
      return rows.next()
          ? Optional.of(
              new PriceBookRevision(
                  rows.getInt("version"), PriceBookFile.parse(rows.getString("body"))))
          : Optional.empty();
    }
  }

  /**
   * Stores {@code book} as the next revision, and advances every organization's revision ({@code
   * Organizations#touchAll}), since every draft is rated from the newest book: a draft or list
   * cached at an organization's revision is thus never served after a new book. Two loads racing
   * for the same number make one of them fail with a unique violation, which the caller's
   * transaction retries.
   */
  public PriceBookRevision append(PriceBook book, Instant now) throws SQLException {
    db.organizations().touchAll();
    int next = newestRevision() + 1;
    try (PreparedStatement s =
        db.prepare("INSERT INTO price_books (version, body, loaded_at) VALUES (?, ?, ?)")) {
      s.setInt(1, next);
      s.setString(2, PriceBookFile.toJson(book));
      JdbcColumns.setInstant(s, 3, now);
      s.executeUpdate();
    }
    return new PriceBookRevision(next, book);
  }
}
