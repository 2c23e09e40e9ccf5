package dev.tally.server.invoices;

import dev.tally.model.BillingPeriod;
import dev.tally.server.store.JdbcColumns;
import dev.tally.server.store.Transaction;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Owner of {@code rating_records}: what each finalized invoice was computed from, and its digest,
 * one row per organization and month that rating closed (imported invoices have none). Written
 * once, by the close, in the transaction that finalizes the invoice; never updated.
 */
public final class RatingRecords {

  private final Transaction db;

  public RatingRecords(Transaction db) {
    this.db = db;
  }

  /** Stores the record of a month just finalized. */
  public void insert(StoredRating rating, Instant now) throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "INSERT INTO rating_records (organization_id, period_start, invoice_id, price_book_revision, body, digest, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, rating.organizationId());
      s.setDate(2, Date.valueOf(rating.period().firstDay()));
      s.setString(3, rating.invoiceId());
      s.setInt(4, rating.priceBookRevision());
      s.setString(5, rating.body());
      s.setString(6, rating.digest());
      JdbcColumns.setInstant(s, 7, now);
      s.executeUpdate();
    }
  }

  /** The organization's record of the month, if it has one. */
  public Optional<StoredRating> find(String organizationId, BillingPeriod period)
      throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "SELECT organization_id, period_start, invoice_id, price_book_revision, body, digest FROM rating_records WHERE organization_id = ? AND period_start = ?")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(period.firstDay()));
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  /**
   * The digest of the organization's record of the month, if it has one. The close chains each
   * month to the one before through this, and does not need that month's body (tens of kilobytes).
   */
  public Optional<String> digest(String organizationId, BillingPeriod period) throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "SELECT digest FROM rating_records WHERE organization_id = ? AND period_start = ?")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(period.firstDay()));
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * The digests of the month's records of the organizations from {@code firstOrganizationId} to
   * {@code lastOrganizationId} (both inclusive, in the database's order of ids), by organization
   * id. One statement for a close's chunk of organizations, in place of one look-up each.
   */
  public Map<String, String> digests(
      BillingPeriod period, String firstOrganizationId, String lastOrganizationId)
      throws SQLException {
    Map<String, String> found = new HashMap<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT organization_id, digest FROM rating_records WHERE organization_id >= ? AND organization_id <= ? AND period_start = ?")) {
      s.setString(1, firstOrganizationId);
      s.setString(2, lastOrganizationId);
      s.setDate(3, Date.valueOf(period.firstDay()));
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          found.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return found;
  }

  /** Every record of the organization, by month ascending. */
  public List<StoredRating> forOrganization(String organizationId) throws SQLException {
    List<StoredRating> found = new ArrayList<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT organization_id, period_start, invoice_id, price_book_revision, body, digest FROM rating_records WHERE organization_id = ? ORDER BY period_start")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          found.add(read(rows));
        }
      }
    }
    return found;
  }

  private static StoredRating read(ResultSet rows) throws SQLException {
    return new StoredRating(
        rows.getString("organization_id"),
        new BillingPeriod(YearMonth.from(rows.getDate("period_start").toLocalDate())),
        rows.getString("invoice_id"),
        rows.getInt("price_book_revision"),
        rows.getString("body"),
        rows.getString("digest"));
  }
}
