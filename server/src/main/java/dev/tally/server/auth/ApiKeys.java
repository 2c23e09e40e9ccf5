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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Owner of {@code api_keys}: service accounts' keys, minted with a secret shown once and kept only
 * as its SHA-256; revocable, optionally expiring.
 */
public final class ApiKeys {

  private static final String COLUMNS =
      "id, service_account_id, name, created_at, expires_at, revoked_at";

  private final Transaction db;

  public ApiKeys(Transaction db) {
    this.db = db;
  }

  /** A new key and its token; the token cannot be recovered later. */
  public record Created(ApiKey key, String token) {}

  /** A key as stored, with the hash its token must match. */
  public record Credential(ApiKey key, String secretSha256) {}

  /**
   * Mints a key for a service account.
   *
   * @param name shown in listings; "key" when blank
   * @param expiresAt when it stops working, or {@code null} for never; must be after {@code now}
   * @throws Failure INVALID_ARGUMENT for an expiry not in the future, NOT_FOUND for an unknown
   *     account
   */
  public Created create(String serviceAccountId, String name, Instant expiresAt, Instant now)
      throws SQLException {
    Instant created = now.truncatedTo(ChronoUnit.MICROS);
    if (expiresAt != null && !expiresAt.isAfter(created)) {
      throw Failure.invalid("the expiry " + expiresAt + " is not in the future");
    }
    db.serviceAccounts().require(serviceAccountId);
    ApiKeySecret.Minted minted = ApiKeySecret.mint();
    ApiKey key =
        new ApiKey(
            minted.keyId(),
            serviceAccountId,
            name == null || name.isBlank() ? "key" : IdRules.requireName("API key name", name),
            created,
            expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS),
            null);
    try (PreparedStatement s =
        db.prepare(
            "INSERT INTO api_keys ("
                + COLUMNS
                + ", secret_sha256)"
                + " VALUES (?, ?, ?, ?, ?, NULL, ?)")) {
      s.setString(1, key.id());
      s.setString(2, key.serviceAccountId());
      s.setString(3, key.name());
      JdbcColumns.setInstant(s, 4, key.createdAt());
      JdbcColumns.setInstant(s, 5, key.expiresAt());
      s.setString(6, ApiKeySecret.sha256(minted.token()));
      s.executeUpdate();
    }
    return new Created(key, minted.token());
  }

  /**
   * Revokes a key at once; revoking a revoked key keeps the first revocation time.
   *
   * @throws Failure NOT_FOUND for an unknown key
   */
  public ApiKey revoke(String keyId, Instant now) throws SQLException {
    try (PreparedStatement s =
        db.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
      JdbcColumns.setInstant(s, 1, now.truncatedTo(ChronoUnit.MICROS));
      s.setString(2, keyId);
      s.executeUpdate();
    }
    return find(keyId)
        .map(Credential::key)
        .orElseThrow(() -> Failure.notFound("API key " + keyId + " does not exist"));
  }

  /**
   * The keys of the organization's service accounts, oldest first, never with their secrets.
   *
   * @throws Failure NOT_FOUND for an unknown organization
   */
  public List<ApiKey> listForOrganization(String organizationId) throws SQLException {
    return listFor(
        db.serviceAccounts().list(organizationId).stream().map(ServiceAccount::id).toList());
  }

  /** The keys of the given service accounts, oldest first, never with their secrets. */
  public List<ApiKey> listFor(List<String> serviceAccountIds) throws SQLException {
    List<ApiKey> keys = new ArrayList<>();
    JdbcColumns.selectIn(
        db,
        "SELECT " + COLUMNS + " FROM api_keys WHERE service_account_id IN (?)",
        List.of(),
        serviceAccountIds,
        row -> keys.add(read(row)));
    keys.sort(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id));
    return keys;
  }

  /** The key with this id and the hash of its token, if there is one. */
  public Optional<Credential> find(String keyId) throws SQLException {
    try (PreparedStatement s =
        db.prepare("SELECT " + COLUMNS + ", secret_sha256 FROM api_keys WHERE id = ?")) {
      s.setString(1, keyId);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next()
            ? Optional.of(new Credential(read(rows), rows.getString("secret_sha256")))
            : Optional.empty();
      }
    }
  }

  private static ApiKey read(ResultSet rows) throws SQLException {
    return new ApiKey(
        rows.getString("id"),
        rows.getString("service_account_id"),
        rows.getString("name"),
        JdbcColumns.getInstant(rows, "created_at"),
        JdbcColumns.getInstant(rows, "expires_at"),
        JdbcColumns.getInstant(rows, "revoked_at"));
  }
}
