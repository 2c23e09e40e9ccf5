package dev.tally.server.orgs;

import dev.tally.server.Failure;
import dev.tally.server.store.Rows;
import dev.tally.server.store.Transactor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Creates and finds organizations. */
public final class OrganizationStore {

  private final Transactor tx;
  private final Clock clock;

  public OrganizationStore(Transactor tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  /** Creates an organization now, with a fresh id. */
  public Organization create(String name) {
    return create(Ids.random(), name, clock.instant());
  }

  /** Creates an organization with the given id and creation time (imports, demos, tests). */
  public Organization create(String id, String name, Instant createdAt) {
    Ids.requireValid("organization id", id, Ids.MAX_RESOURCE_ID);
    if (name == null || name.isBlank()) {
      throw Failure.invalid("organization name must not be empty");
    }
    Organization org = new Organization(id, name.strip(), createdAt.truncatedTo(ChronoUnit.MICROS));
    return tx.write(c -> {
      if (find(c, id).isPresent()) {
        throw Failure.alreadyExists("organization " + id + " already exists");
      }
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)")) {
        s.setString(1, org.id());
        s.setString(2, org.name());
        Rows.setInstant(s, 3, org.createdAt());
        s.executeUpdate();
      }
      return org;
    });
  }

  public Optional<Organization> find(String id) {
    return tx.read(c -> find(c, id));
  }

  /** The organization, or a NOT_FOUND failure naming it. */
  public Organization require(String id) {
    return find(id).orElseThrow(() -> Failure.notFound("organization " + id + " does not exist"));
  }

  public List<Organization> list() {
    return tx.read(c -> {
      List<Organization> orgs = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT id, name, created_at FROM organizations ORDER BY created_at, id");
          ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          orgs.add(read(rows));
        }
      }
      return orgs;
    });
  }

  /** The organization, or a NOT_FOUND failure naming it; inside the caller's transaction. */
  public static Organization require(Connection c, String id) throws SQLException {
    return find(c, id).orElseThrow(() -> Failure.notFound("organization " + id + " does not exist"));
  }

  static Optional<Organization> find(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id, name, created_at FROM organizations WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  private static Organization read(ResultSet rows) throws SQLException {
    return new Organization(rows.getString("id"), rows.getString("name"), Rows.getInstant(rows, "created_at"));
  }
}
