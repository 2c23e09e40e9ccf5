package dev.tally.server.auth;

import dev.tally.server.errors.Failure;
import dev.tally.server.store.Transactor;
import java.time.Clock;
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

  public Authenticator(Transactor tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
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
    return tx.read(
        db -> {
          Optional<ApiKeys.Credential> found = db.apiKeys().find(keyId.get());
          if (found.isEmpty()
              || !ApiKeySecret.matches(token, found.get().secretSha256())
              || !found.get().key().isUsableAt(now)) {
            return Optional.empty();
          }
          String accountId = found.get().key().serviceAccountId();
          Optional<ServiceAccount> account = db.serviceAccounts().find(accountId);
          if (account.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(
              new Principal(
                  keyId.get(),
                  accountId,
                  account.get().organizationId(),
                  db.serviceAccounts().grants(accountId)));
        });
  }
}
