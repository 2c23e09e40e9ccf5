package dev.tally.server.orgs;

import dev.tally.server.errors.Failure;
import dev.tally.server.store.Rows;
import dev.tally.server.store.Transaction;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Owner of {@code organizations}: creates and finds the tenants, inside the caller's transaction. */
public final class Organizations {

  private final Transaction db;

  public Organizations(Transaction db) {
    this.db = db;
  }

  /**
   * Creates an organization.
   *
   * @param id 1 to 64 characters (see {@link IdRules})
   * @param name shown to people; stripped, must not be blank
   * @param createdAt kept to the microsecond
   * @throws Failure INVALID_ARGUMENT for a bad id or name, ALREADY_EXISTS when the id is taken
   */
  public Organization create(String id, String name, Instant createdAt) throws SQLException {
    IdRules.requireValid("organization id", id, IdRules.MAX_RESOURCE_ID);
    if (name == null || name.isBlank()) {
      throw Failure.invalid("organization name must not be empty");
    }
    Organization org = new Organization(id, name.strip(), createdAt.truncatedTo(ChronoUnit.MICROS));
    if (find(id).isPresent()) {
      throw Failure.alreadyExists("organization " + id + " already exists");
    }
    try (PreparedStatement s = db.prepare("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)")) {
      s.setString(1, org.id());
      s.setString(2, org.name());
      Rows.setInstant(s, 3, org.createdAt());
      s.executeUpdate();
    }
    return org;
  }

  public Optional<Organization> find(String id) throws SQLException {
    try (PreparedStatement s = db.prepare("SELECT id, name, created_at FROM organizations WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  /**
   * The organization.
   *
   * @throws Failure NOT_FOUND naming it when there is none
   */
  public Organization require(String id) throws SQLException {
    return find(id).orElseThrow(() -> Failure.notFound("organization " + id + " does not exist"));
  }

  /** Every organization, oldest first. */
  public List<Organization> list() throws SQLException {
    List<Organization> orgs = new ArrayList<>();
    try (PreparedStatement s = db.prepare("SELECT id, name, created_at FROM organizations ORDER BY created_at, id");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        orgs.add(read(rows));
      }
    }
    return orgs;
  }

  /** The ids of the organizations created before {@code end} (exclusive), sorted. */
  public List<String> idsCreatedBefore(Instant end) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement s = db.prepare("SELECT id FROM organizations WHERE created_at < ? ORDER BY id")) {
      Rows.setInstant(s, 1, end);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    return ids;
  }

  /** Which of {@code ids} exist. */
  public java.util.Set<String> existing(java.util.Collection<String> ids) throws SQLException {
    return Rows.selectIn(db, "SELECT id, id FROM organizations WHERE id IN ", ids).keySet();
  }

  private static Organization read(ResultSet rows) throws SQLException {
    return new Organization(rows.getString("id"), rows.getString("name"), Rows.getInstant(rows, "created_at"));
  }
}
