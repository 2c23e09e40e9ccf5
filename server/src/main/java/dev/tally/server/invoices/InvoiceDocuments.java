package dev.tally.server.invoices;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tally.model.BillingPeriod;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.WireJson;
import dev.tally.server.errors.Failure;
import dev.tally.server.store.JdbcColumns;
import dev.tally.server.store.Transaction;
import dev.tally.server.store.Transactor;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Owner of {@code invoices}: stored invoice documents (finalized by the close, or imported), each
 * the reference {@code Invoice} JSON exactly as it is served, in its canonical form, and beside
 * each invoice the close finalized, its rating record and digest (docs/billing-model.md). Always
 * read within one organization: a lookup never returns another organization's invoice, whatever id
 * it is given.
 */
public final class InvoiceDocuments {

  private final Transaction db;

  public InvoiceDocuments(Transaction db) {
    this.db = db;
  }

  /** What {@link #save} did. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /**
   * Stores an invoice, idempotently on its id. The same invoice again is UNCHANGED; a DRAFT may be
   * replaced; a FINALIZED invoice never changes, and an id or period taken by another invoice is
   * refused.
   *
   * @throws Failure INVALID_ARGUMENT when the invoice breaks {@link InvoiceRules}, NOT_FOUND for an
   *     unknown organization, ALREADY_EXISTS or FAILED_PRECONDITION as above
   */
  public Outcome save(String organizationId, Invoice candidate) throws SQLException {
    Invoice invoice = InvoiceRules.check(candidate);
    String body = write(invoice);
    db.organizations().require(organizationId);
    Optional<Stored> existing = findAnyOrganization(invoice.invoiceId());
    if (existing.isPresent()) {
      Stored stored = existing.get();
      if (!stored.organizationId().equals(organizationId)) {
        throw Failure.alreadyExists(
            "invoice id " + invoice.invoiceId() + " is already used by another organization");
      }
      // The same invoice is the same document value: key order (documents stored before JSON was
      // canonical) and how a number is written (1.5, 1.50) do not make it another invoice.
      Optional<String> difference = FirstDifference.between(tree(stored.body()), tree(body));
      if (difference.isEmpty()) {
        return Outcome.UNCHANGED;
      }
      if (stored.status() == InvoiceStatus.FINALIZED) {
        throw Failure.failedPrecondition(
            "invoice "
                + invoice.invoiceId()
                + " is FINALIZED and differs from the one given ("
                + difference.get()
                + "); a finalized invoice never changes");
      }
      if (!stored.periodStart().equals(invoice.periodStart())) {
        throw Failure.invalid(
            "invoice "
                + invoice.invoiceId()
                + " is for the period starting "
                + stored.periodStart()
                + "; its period cannot change");
      }
      try (PreparedStatement s =
          db.prepare("UPDATE invoices SET status = ?, body = ? WHERE id = ?")) {
        s.setString(1, invoice.status().raw());
        s.setString(2, body);
        s.setString(3, invoice.invoiceId());
        s.executeUpdate();
      }
      return Outcome.UPDATED;
    }
    if (periodTaken(organizationId, invoice)) {
      throw Failure.alreadyExists(
          "organization "
              + organizationId
              + " already has an invoice for the period starting "
              + invoice.periodStart());
    }
    insert(organizationId, invoice, body, null);
    return Outcome.CREATED;
  }

  /**
   * Stores an invoice the close has just rated and finalized, with its rating record and digest in
   * the same row, for a month of the organization that has no invoice (the close holds the month's
   * lock and has looked, with {@link #findForPeriod}). Unlike {@link #save} it does not look again
   * first: the table's keys refuse an id or a month already taken, which for a rated invoice (its
   * id names the organization and the month) only an import could have done.
   *
   * @param invoice the invoice as {@link InvoiceRules#check} returned it: stored as it is
   * @param rating its record and digest ({@link InvoiceSeal}); its invoice id is the invoice's
   * @throws Failure ALREADY_EXISTS when the invoice's id or the organization's month is taken
   */
  void insertFinalized(String organizationId, Invoice invoice, StoredRating rating)
      throws SQLException {
    try {
      insert(organizationId, invoice, write(invoice), rating);
    } catch (SQLException e) {
      if (!Transactor.isDuplicateKey(e)) {
        throw e;
      }
      // The transaction is spoilt on PostgreSQL; the Failure rolls it back.
      throw Failure.alreadyExists(
          "organization "
              + organizationId
              + " cannot store invoice "
              + invoice.invoiceId()
              + ": its id, or an invoice for the period starting "
              + invoice.periodStart()
              + ", already exists");
    }
  }

  /** Inserts an invoice row, with its rating record if the close rated it ({@code null} if not). */
  private void insert(String organizationId, Invoice invoice, String body, StoredRating rating)
      throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "INSERT INTO invoices (id, organization_id, period_start, period_end, status, body, price_book_revision, rating_record, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, invoice.invoiceId());
      s.setString(2, organizationId);
      JdbcColumns.setInstant(s, 3, invoice.periodStart());
      JdbcColumns.setInstant(s, 4, invoice.periodEnd());
      s.setString(5, invoice.status().raw());
      s.setString(6, body);
      if (rating == null) {
        s.setNull(7, Types.INTEGER);
        s.setNull(8, Types.VARBINARY);
        s.setNull(9, Types.VARCHAR);
      } else {
        s.setInt(7, rating.priceBookRevision());
        s.setBytes(8, rating.body().getBytes(StandardCharsets.UTF_8));
        s.setString(9, rating.digest());
      }
      s.executeUpdate();
    }
  }

  /**
   * The rating record kept with the organization's invoice of the month, if the close kept one (an
   * imported invoice and a draft have none).
   */
  public Optional<StoredRating> ratingRecord(String organizationId, BillingPeriod period)
      throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "SELECT id, organization_id, period_start, price_book_revision, rating_record, digest FROM invoices WHERE organization_id = ? AND period_start = ? AND "
                + HAS_RECORD)) {
      s.setString(1, organizationId);
      JdbcColumns.setInstant(s, 2, period.start());
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(rating(rows)) : Optional.empty();
      }
    }
  }

  /** Every rating record kept with the organization's invoices, by month ascending. */
  public List<StoredRating> ratingRecords(String organizationId) throws SQLException {
    List<StoredRating> found = new ArrayList<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT id, organization_id, period_start, price_book_revision, rating_record, digest FROM invoices WHERE organization_id = ? AND "
                + HAS_RECORD
                + " ORDER BY period_start")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          found.add(rating(rows));
        }
      }
    }
    return found;
  }

  /**
   * The digest kept with the organization's invoice of the month, if it has one. The close chains
   * each month to the one before through this, and does not need that month's record.
   */
  public Optional<String> digest(String organizationId, BillingPeriod period) throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "SELECT digest FROM invoices WHERE organization_id = ? AND period_start = ? AND digest IS NOT NULL")) {
      s.setString(1, organizationId);
      JdbcColumns.setInstant(s, 2, period.start());
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * The digests kept with the month's invoices of the organizations from {@code
   * firstOrganizationId} to {@code lastOrganizationId} (both inclusive, in the database's order of
   * ids), by organization id. One statement for a close's chunk of organizations, in place of one
   * look-up each.
   */
  public Map<String, String> digests(
      BillingPeriod period, String firstOrganizationId, String lastOrganizationId)
      throws SQLException {
    Map<String, String> found = new HashMap<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT organization_id, digest FROM invoices WHERE organization_id >= ? AND organization_id <= ? AND period_start = ? AND digest IS NOT NULL")) {
      s.setString(1, firstOrganizationId);
      s.setString(2, lastOrganizationId);
      JdbcColumns.setInstant(s, 3, period.start());
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          found.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return found;
  }

  /**
   * A row with any of the record's three columns: one that lost some of them behind Tally's back
   * reads with the lost ones empty (no text, revision 0), which verification then reports.
   */
  private static final String HAS_RECORD =
      "(rating_record IS NOT NULL OR digest IS NOT NULL OR price_book_revision IS NOT NULL)";

  /** The record's stored bytes as text; bytes that are not UTF-8 read as U+FFFD, and differ. */
  private static String text(byte[] record) {
    return record == null ? "" : new String(record, StandardCharsets.UTF_8);
  }

  private static StoredRating rating(ResultSet rows) throws SQLException {
    return new StoredRating(
        rows.getString("organization_id"),
        BillingPeriod.containing(JdbcColumns.getInstant(rows, "period_start")),
        rows.getString("id"),
        rows.getInt("price_book_revision"),
        text(rows.getBytes("rating_record")),
        Objects.requireNonNullElse(rows.getString("digest"), ""));
  }

  /** The organization's stored invoice for the period starting at {@code periodStart}, if any. */
  public Optional<Invoice> findForPeriod(String organizationId, Instant periodStart)
      throws SQLException {
    try (PreparedStatement s =
        db.prepare("SELECT body FROM invoices WHERE organization_id = ? AND period_start = ?")) {
      s.setString(1, organizationId);
      JdbcColumns.setInstant(s, 2, periodStart);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(read(rows.getString("body"))) : Optional.empty();
      }
    }
  }

  /**
   * The status column of the organization's stored invoice for the period starting at {@code
   * periodStart} ({@code DRAFT}, {@code FINALIZED}), if one is stored: what lists and verification
   * go by, whatever its body says.
   */
  public Optional<String> statusForPeriod(String organizationId, Instant periodStart)
      throws SQLException {
    try (PreparedStatement s =
        db.prepare("SELECT status FROM invoices WHERE organization_id = ? AND period_start = ?")) {
      s.setString(1, organizationId);
      JdbcColumns.setInstant(s, 2, periodStart);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  /** The period starts of the organization's stored invoices in {@code [from, to)}. */
  public java.util.Set<Instant> storedPeriods(String organizationId, Instant from, Instant to)
      throws SQLException {
    java.util.Set<Instant> periods = new java.util.HashSet<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT period_start FROM invoices WHERE organization_id = ? AND period_start >= ? AND period_start < ?")) {
      s.setString(1, organizationId);
      JdbcColumns.setInstant(s, 2, from);
      JdbcColumns.setInstant(s, 3, to);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          periods.add(JdbcColumns.getInstant(rows, "period_start"));
        }
      }
    }
    return periods;
  }

  /** A stored invoice's JSON as it is in the table, for verification. */
  public record StoredDocument(String invoiceId, Instant periodStart, String body) {}

  /** The organization's FINALIZED invoices as stored, by {@code period_start} ascending. */
  public List<StoredDocument> finalizedDocuments(String organizationId) throws SQLException {
    List<StoredDocument> found = new ArrayList<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT id, period_start, body FROM invoices WHERE organization_id = ? AND status = 'FINALIZED' ORDER BY period_start")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          found.add(
              new StoredDocument(
                  rows.getString("id"),
                  JdbcColumns.getInstant(rows, "period_start"),
                  rows.getString("body")));
        }
      }
    }
    return found;
  }

  /**
   * How many FINALIZED invoices are stored for the organization (every one when empty) and the
   * period (every one when empty).
   */
  public long countFinalized(Optional<String> organizationId, Optional<Instant> periodStart)
      throws SQLException {
    String sql =
        "SELECT COUNT(*) FROM invoices WHERE status = 'FINALIZED'"
            + (organizationId.isPresent() ? " AND organization_id = ?" : "")
            + (periodStart.isPresent() ? " AND period_start = ?" : "");
    try (PreparedStatement s = db.prepare(sql)) {
      int i = 1;
      if (organizationId.isPresent()) {
        s.setString(i++, organizationId.get());
      }
      if (periodStart.isPresent()) {
        JdbcColumns.setInstant(s, i, periodStart.get());
      }
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** How many finalized invoices are stored, over every organization. */
  public long countFinalized() throws SQLException {
    try (PreparedStatement s =
            db.prepare("SELECT COUNT(*) FROM invoices WHERE status = 'FINALIZED'");
        ResultSet rows = s.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** The organization's invoice with this id; empty if there is none, or it belongs to another. */
  public Optional<Invoice> find(String organizationId, String invoiceId) throws SQLException {
    {
      try (PreparedStatement s =
          db.prepare("SELECT body FROM invoices WHERE id = ? AND organization_id = ?")) {
        s.setString(1, invoiceId);
        s.setString(2, organizationId);
        try (ResultSet rows = s.executeQuery()) {
          return rows.next() ? Optional.of(read(rows.getString("body"))) : Optional.empty();
        }
      }
    }
  }

  /**
   * The organization's stored invoices in the window, by {@code period_start} ascending, in one
   * statement: a FINALIZED one by its id alone (its body is not read), any other in full.
   */
  public List<InvoiceListing.Entry> listed(String organizationId, InvoiceWindow window)
      throws SQLException {
    String sql =
        "SELECT id, period_start, CASE WHEN status = 'FINALIZED' THEN NULL ELSE body END AS body"
            + " FROM invoices WHERE organization_id = ? AND period_start >= ? AND period_end <= ?"
            + (window.status().isPresent() ? " AND status = ?" : "")
            + " ORDER BY period_start";
    try (PreparedStatement s = db.prepare(sql)) {
      s.setString(1, organizationId);
      JdbcColumns.setInstant(s, 2, ceilToMicros(window.start()));
      JdbcColumns.setInstant(s, 3, window.end().truncatedTo(ChronoUnit.MICROS));
      if (window.status().isPresent()) {
        s.setString(4, window.status().get().name());
      }
      List<InvoiceListing.Entry> entries = new ArrayList<>();
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          String body = rows.getString("body");
          entries.add(
              body == null
                  ? new InvoiceListing.Finalized(
                      rows.getString("id"), JdbcColumns.getInstant(rows, "period_start"))
                  : new InvoiceListing.Full(read(body), Optional.empty()));
        }
      }
      return entries;
    }
  }

  /**
   * The organization's FINALIZED invoices with these ids, in one statement; ids that name no such
   * invoice (or another organization's) are left out.
   *
   * @param invoiceIds at most a few hundred: one statement with one parameter each
   */
  public List<Invoice> findFinalized(String organizationId, java.util.Collection<String> invoiceIds)
      throws SQLException {
    if (invoiceIds.isEmpty()) {
      return List.of();
    }
    String sql =
        "SELECT body FROM invoices WHERE organization_id = ? AND status = 'FINALIZED' AND id IN ("
            + String.join(", ", java.util.Collections.nCopies(invoiceIds.size(), "?"))
            + ")";
    try (PreparedStatement s = db.prepare(sql)) {
      s.setString(1, organizationId);
      int i = 2;
      for (String id : invoiceIds) {
        s.setString(i++, id);
      }
      List<Invoice> found = new ArrayList<>(invoiceIds.size());
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          found.add(read(rows.getString("body")));
        }
      }
      return found;
    }
  }

  private static Instant ceilToMicros(Instant instant) {
    Instant floor = instant.truncatedTo(ChronoUnit.MICROS);
    return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.MICROS);
  }

  private record Stored(
      String organizationId, InvoiceStatus status, java.time.Instant periodStart, String body) {}

  private Optional<Stored> findAnyOrganization(String invoiceId) throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "SELECT organization_id, status, period_start, body FROM invoices WHERE id = ?")) {
      s.setString(1, invoiceId);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next()
            ? Optional.of(
                new Stored(
                    rows.getString("organization_id"),
                    InvoiceStatus.valueOf(rows.getString("status")),
                    JdbcColumns.getInstant(rows, "period_start"),
                    rows.getString("body")))
            : Optional.empty();
      }
    }
  }

  private boolean periodTaken(String organizationId, Invoice invoice) throws SQLException {
    try (PreparedStatement s =
        db.prepare("SELECT 1 FROM invoices WHERE organization_id = ? AND period_start = ?")) {
      s.setString(1, organizationId);
      JdbcColumns.setInstant(s, 2, invoice.periodStart());
      try (ResultSet rows = s.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static String write(Invoice invoice) {
    try {
      return WireJson.writer().writeValueAsString(invoice);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(String body) {
    try {
      return WireJson.reader().readTree(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Invoice read(String body) {
    try {
      return WireJson.reader().forType(Invoice.class).readValue(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
