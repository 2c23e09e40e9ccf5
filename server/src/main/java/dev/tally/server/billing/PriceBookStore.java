package dev.tally.server.billing;

import dev.tally.engine.InvalidPriceBookException;
import dev.tally.engine.PriceBook;
import dev.tally.engine.PriceBookFile;
import dev.tally.server.Failure;
import dev.tally.server.store.Rows;
import dev.tally.server.store.Transactor;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The price book in force: the newest of the loaded price book files. Each load gets the next
 * revision; loading the book in force again changes nothing. The book is cached and re-read when
 * another instance loads a newer one (checked at most once a second).
 */
public final class PriceBookStore {

  private static final Duration RECHECK = Duration.ofSeconds(1);

  private final Transactor tx;
  private final Clock clock;
  private volatile Cached cached;

  /** A price book and its revision. */
  public record Revision(int revision, PriceBook book) {}

  private record Cached(Revision revision, Instant checkedAt) {}

  public PriceBookStore(Transactor tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  /** Loads a price book file; returns its revision, or the current one if the file is the same book. */
  public Revision load(String json) {
    PriceBook book;
    try {
      book = PriceBookFile.parse(json);
    } catch (InvalidPriceBookException e) {
      throw Failure.invalid("invalid price book: " + String.join("; ", e.problems()));
    }
    String canonical = PriceBookFile.toJson(book);
    Revision revision = tx.write(c -> {
      Optional<Revision> current = newest(c);
      if (current.isPresent() && current.get().book().equals(book)) {
        return current.get();
      }
      int next = current.map(r -> r.revision() + 1).orElse(1);
      try (PreparedStatement s = c.prepareStatement("INSERT INTO price_books (version, body, loaded_at) VALUES (?, ?, ?)")) {
        s.setInt(1, next);
        s.setString(2, canonical);
        Rows.setInstant(s, 3, clock.instant());
        s.executeUpdate();
      }
      return new Revision(next, book);
    });
    cached = new Cached(revision, clock.instant());
    return revision;
  }

  /** Loads the default price book when none has been loaded yet, so a new installation can rate. */
  public void loadDefaultIfEmpty() {
    if (tx.read(PriceBookStore::newest).isEmpty()) {
      load(PriceBookFile.toJson(PriceBookFile.defaultPriceBook()));
    }
  }

  /** The price book in force. */
  public Revision current() {
    Cached seen = cached;
    Instant now = clock.instant();
    if (seen != null && now.isBefore(seen.checkedAt().plus(RECHECK)) && !now.isBefore(seen.checkedAt())) {
      return seen.revision();
    }
    int newest = tx.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT MAX(version) FROM price_books");
          ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    });
    if (seen != null && seen.revision().revision() == newest) {
      cached = new Cached(seen.revision(), now);
      return seen.revision();
    }
    Revision revision = tx.read(PriceBookStore::newest)
        .orElseThrow(() -> Failure.failedPrecondition("no price book has been loaded"));
    cached = new Cached(revision, now);
    return revision;
  }

  private static Optional<Revision> newest(java.sql.Connection c) throws java.sql.SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT version, body FROM price_books ORDER BY version DESC LIMIT 1");
        ResultSet rows = s.executeQuery()) {
      return rows.next()
          ? Optional.of(new Revision(rows.getInt("version"), PriceBookFile.parse(rows.getString("body"))))
          : Optional.empty();
    }
  }
}
