package dev.tally.server.auth;

import java.time.Instant;

/** An API key's metadata; the secret is never part of it. */
public record ApiKey(
    String id,
    String serviceAccountId,
    String name,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt) {

  /** Whether a request made at {@code now} may use this key. */
  public boolean isUsableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  public String state(Instant now) {
    if (revokedAt != null) {
      return "revoked";
    }
    return expiresAt != null && !now.isBefore(expiresAt) ? "expired" : "active";
  }
}
