package dev.tally.server.auth;

import dev.tally.server.Failure;
import dev.tally.server.store.Rows;
import dev.tally.server.store.Transactor;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** API keys: minted with a secret shown once, kept as a hash, revocable, optionally expiring. */
public final class ApiKeyStore {

  private final Transactor tx;
  private final Clock clock;

  public ApiKeyStore(Transactor tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  /** A new key and its token; the token cannot be recovered later. */
  public record Created(ApiKey key, String token) {}

  public Created create(String serviceAccountId, String name, Instant expiresAt) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw Failure.invalid("the expiry " + expiresAt + " is not in the future");
    }
    ApiKeySecret.Minted minted = ApiKeySecret.mint();
    ApiKey key = new ApiKey(minted.keyId(), serviceAccountId,
        name == null || name.isBlank() ? "key" : name.strip(), now,
        expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS), null);
    tx.write(c -> {
      if (ServiceAccountStore.find(c, serviceAccountId).isEmpty()) {
        throw Failure.notFound("service account " + serviceAccountId + " does not exist");
      }
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO api_keys (id, service_account_id, name, secret_sha256, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        s.setString(1, key.id());
        s.setString(2, key.serviceAccountId());
        s.setString(3, key.name());
        s.setString(4, ApiKeySecret.sha256(minted.token()));
        Rows.setInstant(s, 5, key.createdAt());
        Rows.setInstant(s, 6, key.expiresAt());
        s.executeUpdate();
      }
      return null;
    });
    return new Created(key, minted.token());
  }

  /** Revokes a key at once; revoking a revoked key keeps the first revocation time. */
  public ApiKey revoke(String keyId) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return tx.write(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
        Rows.setInstant(s, 1, now);
        s.setString(2, keyId);
        s.executeUpdate();
      }
      return find(c, keyId).orElseThrow(() -> Failure.notFound("API key " + keyId + " does not exist"));
    });
  }

  /** The keys of an organization's service accounts, never with their secrets. */
  public List<ApiKey> listForOrganization(String organizationId) {
    return tx.read(c -> {
      List<ApiKey> keys = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT k.id, k.service_account_id, k.name, k.created_at, k.expires_at, k.revoked_at"
              + " FROM api_keys k JOIN service_accounts a ON a.id = k.service_account_id"
              + " WHERE a.organization_id = ? ORDER BY k.created_at, k.id")) {
        s.setString(1, organizationId);
        try (ResultSet rows = s.executeQuery()) {
          while (rows.next()) {
            keys.add(read(rows));
          }
        }
      }
      return keys;
    });
  }

  /**
   * The principal a bearer token stands for, or empty when the token is malformed, unknown, revoked
   * or expired. Callers can't tell which, on purpose.
   */
  public Optional<Principal> authenticate(String token) {
    Optional<String> keyId = ApiKeySecret.keyIdOf(token);
    if (keyId.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return tx.read(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT k.secret_sha256, k.service_account_id, k.expires_at, k.revoked_at, a.organization_id"
              + " FROM api_keys k JOIN service_accounts a ON a.id = k.service_account_id WHERE k.id = ?")) {
        s.setString(1, keyId.get());
        try (ResultSet rows = s.executeQuery()) {
          if (!rows.next() || !ApiKeySecret.matches(token, rows.getString("secret_sha256"))) {
            return Optional.empty();
          }
          Instant expiresAt = Rows.getInstant(rows, "expires_at");
          if (Rows.getInstant(rows, "revoked_at") != null || (expiresAt != null && !now.isBefore(expiresAt))) {
            return Optional.empty();
          }
          String accountId = rows.getString("service_account_id");
          return Optional.of(new Principal(keyId.get(), accountId, rows.getString("organization_id"),
              ServiceAccountStore.grants(c, accountId)));
        }
      }
    });
  }

  private static Optional<ApiKey> find(java.sql.Connection c, String keyId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id, service_account_id, name, created_at, expires_at, revoked_at FROM api_keys WHERE id = ?")) {
      s.setString(1, keyId);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  private static ApiKey read(ResultSet rows) throws SQLException {
    return new ApiKey(rows.getString("id"), rows.getString("service_account_id"), rows.getString("name"),
        Rows.getInstant(rows, "created_at"), Rows.getInstant(rows, "expires_at"), Rows.getInstant(rows, "revoked_at"));
  }
}
