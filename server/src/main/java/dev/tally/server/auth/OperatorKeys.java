package dev.tally.server.auth;

import dev.tally.server.errors.Failure;
import dev.tally.server.orgs.IdRules;
import dev.tally.server.store.JdbcColumns;
import dev.tally.server.store.Transaction;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Owner of {@code operator_keys}: credentials of the platform operator (the metering pipeline,
 * price and close tooling). They live in their own table with their own token prefix, so no
 * organization key can ever pass as one.
 */
public final class OperatorKeys {

  private final Transaction db;

  public OperatorKeys(Transaction db) {
    this.db = db;
  }

  /** A new operator key's id and token; the token is shown once. */
  public record Created(String id, String token) {}

  /** Mints an operator key named {@code name} ("operator" when blank). */
  public Created create(String name, Instant now) throws SQLException {
    ApiKeySecret.Minted minted = ApiKeySecret.mint(ApiKeySecret.OPERATOR);
    try (PreparedStatement s =
        db.prepare(
            "INSERT INTO operator_keys (id, name, secret_sha256, created_at) VALUES (?, ?, ?, ?)")) {
      s.setString(1, minted.keyId());
      s.setString(
          2,
          name == null || name.isBlank()
              ? "operator"
              : IdRules.requireName("operator key name", name));
      s.setString(3, ApiKeySecret.sha256(minted.token()));
      JdbcColumns.setInstant(s, 4, now.truncatedTo(ChronoUnit.MICROS));
      s.executeUpdate();
    }
    return new Created(minted.keyId(), minted.token());
  }

  /**
   * Revokes a key; true if this call revoked it, false if it was revoked already.
   *
   * @throws Failure NOT_FOUND for an unknown key
   */
  public boolean revoke(String keyId, Instant now) throws SQLException {
    try (PreparedStatement s =
        db.prepare("UPDATE operator_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
      JdbcColumns.setInstant(s, 1, now);
      s.setString(2, keyId);
      if (s.executeUpdate() == 1) {
        return true;
      }
    }
    try (PreparedStatement s = db.prepare("SELECT 1 FROM operator_keys WHERE id = ?")) {
      s.setString(1, keyId);
      try (ResultSet rows = s.executeQuery()) {
        if (!rows.next()) {
          throw Failure.notFound("operator key " + keyId + " does not exist");
        }
      }
    }
    return false;
  }

  /**
   * An operator key as stored: the SHA-256 of its token and whether it was revoked.
   *
   * @param secretSha256 lowercase hex
   */
  public record Stored(String secretSha256, boolean revoked) {

    /** Whether {@code token} is this key's, and the key unrevoked (compared in constant time). */
    public boolean isLiveFor(String token) {
      return !revoked && ApiKeySecret.matches(token, secretSha256);
    }
  }

  /** The operator key with this id, or empty when none has it. */
  public Optional<Stored> find(String keyId) throws SQLException {
    try (PreparedStatement s =
        db.prepare("SELECT secret_sha256, revoked_at FROM operator_keys WHERE id = ?")) {
      s.setString(1, keyId);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next()
            ? Optional.of(
                new Stored(rows.getString("secret_sha256"), rows.getObject("revoked_at") != null))
            : Optional.empty();
      }
    }
  }
}
