package dev.tally.server.orgs;

import dev.tally.model.CallerText;
import dev.tally.model.extensions.BillingContact;
import dev.tally.server.errors.Failure;
import dev.tally.server.store.JdbcColumns;
import dev.tally.server.store.Transaction;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Owner of {@code organizations}: creates and finds the tenants, inside the caller's transaction.
 */
public final class Organizations {

  private final Transaction db;

  public Organizations(Transaction db) {
    this.db = db;
  }

  /** Creates an organization billed from the month it is created in (UTC); see the next method. */
  public Organization create(String id, String name, Instant createdAt) throws SQLException {
    return create(id, name, createdAt, YearMonth.from(createdAt.atOffset(ZoneOffset.UTC)));
  }

  /**
   * Creates an organization.
   *
   * @param id 1 to 64 characters (see {@link IdRules})
   * @param name shown to people; stripped, must not be blank
   * @param createdAt kept to the microsecond
   * @param billingStart the first month billed; may be before {@code createdAt} to backfill history
   * @throws Failure INVALID_ARGUMENT for a bad id or name, ALREADY_EXISTS when the id is taken
   */
  public Organization create(String id, String name, Instant createdAt, YearMonth billingStart)
      throws SQLException {
    IdRules.requireValid("organization id", id, IdRules.MAX_RESOURCE_ID);
    String shown = IdRules.requireName("organization name", name);
    if (billingStart.getYear() < 2000 || billingStart.getYear() > 9999) {
      throw Failure.invalid(
          "the billing start must be a month of a year from 2000 to 9999, got " + billingStart);
    }
    Organization org =
        new Organization(id, shown, createdAt.truncatedTo(ChronoUnit.MICROS), billingStart);
    if (find(id).isPresent()) {
      throw Failure.alreadyExists("organization " + CallerText.quote(id) + " already exists");
    }
    try (PreparedStatement s =
        db.prepare(
            "INSERT INTO organizations (id, name, created_at, billing_start) VALUES (?, ?, ?, ?)")) {
      s.setString(1, org.id());
      s.setString(2, org.name());
      JdbcColumns.setInstant(s, 3, org.createdAt());
      s.setDate(4, Date.valueOf(billingStart.atDay(1)));
      s.executeUpdate();
    }
    return org;
  }

  /**
   * Replaces the organization's billing contact.
   *
   * @param contact checked by {@link BillingContactRules#require}; a null field clears it
   * @return the organization as it now is
   * @throws Failure NOT_FOUND for an unknown organization
   */
  public Organization updateBillingContact(String id, BillingContact contact) throws SQLException {
    Organization org = require(id);
    try (PreparedStatement s =
        db.prepare(
            "UPDATE organizations SET billing_name = ?, billing_address = ?, billing_email = ?"
                + " WHERE id = ?")) {
      s.setString(1, contact.name());
      s.setString(2, contact.address());
      s.setString(3, contact.email());
      s.setString(4, id);
      s.executeUpdate();
    }
    return new Organization(org.id(), org.name(), org.createdAt(), org.billingStart(), contact);
  }

  /**
   * Advances the organization's revision: what every change to the inputs of its drafts does, in
   * its own transaction, before it locks any month (the lock order is organization, then month).
   * Drafts are cached only with the revision they were rated at.
   */
  public void touch(String id) throws SQLException {
    try (PreparedStatement s =
        db.prepare("UPDATE organizations SET revision = revision + 1 WHERE id = ?")) {
      s.setString(1, id);
      s.executeUpdate();
    }
  }

  /**
   * Advances every organization's revision: what a new price book does, since every draft is rated
   * from it. One statement, in the caller's transaction; price books are loaded rarely.
   */
  public void touchAll() throws SQLException {
    try (PreparedStatement s = db.prepare("UPDATE organizations SET revision = revision + 1")) {
      s.executeUpdate();
    }
  }

  /** The organization's revision ({@link #touch}); empty for an unknown organization. */
  public Optional<Long> revision(String id) throws SQLException {
    try (PreparedStatement s = db.prepare("SELECT revision FROM organizations WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
      }
    }
  }

  public Optional<Organization> find(String id) throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "SELECT id, name, created_at, billing_start, billing_name, billing_address, billing_email FROM organizations WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  /** An organization as read with its revision ({@link #touch}). */
  public record Revised(Organization organization, long revision) {}

  /**
   * The organization with its revision, in one statement: what a read that may serve a cached draft
   * needs first.
   *
   * @throws Failure NOT_FOUND naming it when there is none
   */
  public Revised requireRevised(String id) throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "SELECT id, name, created_at, billing_start, billing_name, billing_address, billing_email, revision FROM organizations WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rows = s.executeQuery()) {
        if (!rows.next()) {
          throw notFound(id);
        }
        return new Revised(read(rows), rows.getLong("revision"));
      }
    }
  }

  /**
   * The organization.
   *
   * @throws Failure NOT_FOUND naming it when there is none
   */
  public Organization require(String id) throws SQLException {
    return find(id).orElseThrow(() -> notFound(id));
  }

  private static Failure notFound(String id) {
    return Failure.notFound("organization " + CallerText.quote(id) + " does not exist");
  }

  /** Every organization, oldest first. */
  public List<Organization> list() throws SQLException {
    List<Organization> orgs = new ArrayList<>();
    try (PreparedStatement s =
            db.prepare(
                "SELECT id, name, created_at, billing_start, billing_name, billing_address, billing_email FROM organizations ORDER BY created_at, id");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        orgs.add(read(rows));
      }
    }
    return orgs;
  }

  /**
   * Up to {@code limit} organizations whose id sorts after {@code after} ("" for the first page),
   * by id: a keyset page, for work over every organization in bounded memory.
   */
  public List<Organization> page(String after, int limit) throws SQLException {
    List<Organization> orgs = new ArrayList<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT id, name, created_at, billing_start, billing_name, billing_address, billing_email FROM organizations WHERE id > ? ORDER BY id LIMIT ?")) {
      s.setString(1, after);
      s.setInt(2, limit);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          orgs.add(read(rows));
        }
      }
    }
    return orgs;
  }

  /** The organizations among {@code ids} that exist, by id. */
  public Map<String, Organization> findAll(Collection<String> ids) throws SQLException {
    Map<String, Organization> found = new HashMap<>();
    JdbcColumns.selectIn(
        db,
        "SELECT id, name, created_at, billing_start, billing_name, billing_address, billing_email FROM organizations WHERE id IN (?)",
        List.of(),
        ids,
        row -> {
          Organization org = read(row);
          found.put(org.id(), org);
        });
    return found;
  }

  private static Organization read(ResultSet rows) throws SQLException {
    Instant createdAt = JdbcColumns.getInstant(rows, "created_at");
    Date billingStart = rows.getDate("billing_start");
    return new Organization(
        rows.getString("id"),
        rows.getString("name"),
        createdAt,
        billingStart == null
            ? YearMonth.from(createdAt.atOffset(ZoneOffset.UTC))
            : YearMonth.from(billingStart.toLocalDate()),
        new BillingContact(
            rows.getString("billing_name"),
            rows.getString("billing_address"),
            rows.getString("billing_email")));
  }
}
