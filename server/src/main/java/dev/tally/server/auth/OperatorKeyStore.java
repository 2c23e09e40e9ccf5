package dev.tally.server.auth;

import dev.tally.server.Failure;
import dev.tally.server.store.Rows;
import dev.tally.server.store.Transactor;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Credentials of the platform operator (the metering pipeline, price and close tooling). They live in
 * their own table with their own token prefix, so no organization key can ever pass as one.
 */
public final class OperatorKeyStore {

  private final Transactor tx;
  private final Clock clock;

  public OperatorKeyStore(Transactor tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  /** A new operator key's id and token; the token is shown once. */
  public record Created(String id, String token) {}

  public Created create(String name) {
    ApiKeySecret.Minted minted = ApiKeySecret.mint(ApiKeySecret.OPERATOR);
    tx.write(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO operator_keys (id, name, secret_sha256, created_at) VALUES (?, ?, ?, ?)")) {
        s.setString(1, minted.keyId());
        s.setString(2, name == null || name.isBlank() ? "operator" : name.strip());
        s.setString(3, ApiKeySecret.sha256(minted.token()));
        Rows.setInstant(s, 4, clock.instant().truncatedTo(ChronoUnit.MICROS));
        s.executeUpdate();
      }
      return null;
    });
    return new Created(minted.keyId(), minted.token());
  }

  /** Revokes a key; true if this call revoked it, false if it was revoked already. */
  public boolean revoke(String keyId) {
    return tx.write(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE operator_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
        Rows.setInstant(s, 1, clock.instant());
        s.setString(2, keyId);
        if (s.executeUpdate() == 1) {
          return true;
        }
      }
      try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM operator_keys WHERE id = ?")) {
        s.setString(1, keyId);
        try (ResultSet rows = s.executeQuery()) {
          if (!rows.next()) {
            throw Failure.notFound("operator key " + keyId + " does not exist");
          }
        }
      }
      return false;
    });
  }

  /** Throws UNAUTHENTICATED unless the header carries a live operator key. */
  public void authenticate(String authorizationHeader) {
    String header = authorizationHeader == null ? "" : authorizationHeader.strip();
    int space = header.indexOf(' ');
    String token = space > 0 && header.substring(0, space).equalsIgnoreCase("Bearer") ? header.substring(space + 1).strip() : "";
    String keyId = ApiKeySecret.keyIdOf(ApiKeySecret.OPERATOR, token).orElseThrow(() ->
        Failure.unauthenticated("this endpoint needs an operator key: 'Authorization: Bearer TALLYOP1_...'"));
    boolean live = tx.read(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT secret_sha256, revoked_at FROM operator_keys WHERE id = ?")) {
        s.setString(1, keyId);
        try (ResultSet rows = s.executeQuery()) {
          return rows.next() && rows.getObject("revoked_at") == null
              && ApiKeySecret.matches(token, rows.getString("secret_sha256"));
        }
      }
    });
    if (!live) {
      throw Failure.unauthenticated("the operator key is not valid: it is unknown or revoked");
    }
  }
}
