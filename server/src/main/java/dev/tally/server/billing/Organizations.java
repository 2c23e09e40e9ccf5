package dev.tally.server.billing;

import dev.tally.server.Failure;
import dev.tally.server.orgs.Organization;
import dev.tally.server.store.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Organization lookups inside a billing transaction. */
final class Organizations {

  private Organizations() {}

  static Organization require(Connection c, String organizationId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id, name, created_at FROM organizations WHERE id = ?")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        if (!rows.next()) {
          throw Failure.notFound("organization " + organizationId + " does not exist");
        }
        return new Organization(rows.getString("id"), rows.getString("name"), Rows.getInstant(rows, "created_at"));
      }
    }
  }
}
