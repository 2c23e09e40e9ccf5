package dev.tally.server.auth;

import dev.tally.server.errors.Failure;
import dev.tally.server.store.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns an {@code Authorization} header into a {@link Caller}: an organization's API key ({@code
 * TALLY1_...}) or an operator key ({@code TALLYOP1_...}). A malformed, unknown, revoked or expired
 * key is UNAUTHENTICATED, and the message never says which, on purpose.
 */
public final class Authenticator {

  private final Transactor tx;
  private final Clock clock;
  private final CredentialCache cache;

  /** An authenticator that reads every key from the database (no cache); for tools and tests. */
  public Authenticator(Transactor tx, Clock clock) {
    this(tx, clock, new CredentialCache(Duration.ZERO, clock));
  }

  /** An authenticator that reuses key lookups within the cache's staleness bound. */
  public Authenticator(Transactor tx, Clock clock, CredentialCache cache) {
    this.tx = tx;
    this.clock = clock;
    this.cache = cache;
  }

  /**
   * The caller the header stands for.
   *
   * @throws Failure UNAUTHENTICATED when the header or the key is not valid
   */
  public Caller authenticate(String authorizationHeader) {
    String token = BearerToken.from(authorizationHeader);
    Optional<String> operatorKeyId = ApiKeySecret.keyIdOf(ApiKeySecret.OPERATOR, token);
    if (operatorKeyId.isPresent()) {
      if (!tx.read(db -> db.operatorKeys().isLive(operatorKeyId.get(), token))) {
        throw Failure.unauthenticated("the operator key is not valid: it is unknown or revoked");
      }
      return new OperatorPrincipal(operatorKeyId.get());
    }
    return organizationKey(token)
        .orElseThrow(
            () ->
                Failure.unauthenticated(
                    "the API key is not valid: it is unknown, revoked or expired"));
  }

  private Optional<Principal> organizationKey(String token) {
    Optional<String> keyId = ApiKeySecret.keyIdOf(ApiKeySecret.ORGANIZATION, token);
    if (keyId.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return cache
        .get(keyId.get(), this::lookUp)
        .filter(entry -> ApiKeySecret.matches(token, entry.credential().secretSha256()))
        .filter(entry -> entry.credential().key().isUsableAt(now))
        .map(CredentialCache.Entry::principal);
  }

  private Optional<CredentialCache.Entry> lookUp(String keyId) {
    return tx.read(
        db -> {
          Optional<ApiKeys.Credential> found = db.apiKeys().find(keyId);
          if (found.isEmpty()) {
            return Optional.empty();
          }
          String accountId = found.get().key().serviceAccountId();
          Optional<ServiceAccount> account = db.serviceAccounts().find(accountId);
          if (account.isEmpty()) {
            return Optional.empty();
          }
          Principal principal =
              new Principal(
                  keyId,
                  accountId,
                  account.get().organizationId(),
                  db.serviceAccounts().grants(accountId));
          return Optional.of(new CredentialCache.Entry(found.get(), principal));
        });
  }
}
