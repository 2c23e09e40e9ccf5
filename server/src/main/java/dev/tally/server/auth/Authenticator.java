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
   * The outcome of one authentication: the caller, or the refusal with whether it was because the
   * key id is unknown (well formed, but no key has it), which the limits count per client address.
   */
  public sealed interface Outcome {
    /** The key is valid: the request is made by {@code caller}. */
    record Accepted(Caller caller) implements Outcome {}

    /**
     * The key is not valid.
     *
     * @param failure UNAUTHENTICATED, with a message that never says why
     * @param unknownKeyId whether the token was well formed but no key of its kind has its id
     */
    record Refused(Failure failure, boolean unknownKeyId) implements Outcome {}
  }

  /**
   * The caller the header stands for.
   *
   * @throws Failure UNAUTHENTICATED when the header or the key is not valid
   */
  public Caller authenticate(String authorizationHeader) {
    return switch (attempt(authorizationHeader)) {
      case Outcome.Accepted accepted -> accepted.caller();
      case Outcome.Refused refused -> throw refused.failure();
    };
  }

  /**
   * Authenticates the header, saying why when it is refused.
   *
   * @throws Failure UNAUTHENTICATED when the header holds no bearer token at all
   * @throws dev.tally.server.store.StoreException when the database cannot be asked
   */
  public Outcome attempt(String authorizationHeader) {
    String token = BearerToken.from(authorizationHeader);
    Optional<String> operatorKeyId = ApiKeySecret.keyIdOf(ApiKeySecret.OPERATOR, token);
    if (operatorKeyId.isPresent()) {
      return operatorKey(operatorKeyId.get(), token);
    }
    Optional<String> keyId = ApiKeySecret.keyIdOf(ApiKeySecret.ORGANIZATION, token);
    if (keyId.isEmpty()) {
      return new Outcome.Refused(invalidApiKey(), false);
    }
    Optional<CredentialCache.Entry> found = cache.get(keyId.get(), this::lookUp);
    if (found.isEmpty()) {
      return new Outcome.Refused(invalidApiKey(), true);
    }
    Instant now = clock.instant();
    return found
        .filter(entry -> ApiKeySecret.matches(token, entry.credential().secretSha256()))
        .filter(entry -> entry.credential().key().isUsableAt(now))
        .<Outcome>map(entry -> new Outcome.Accepted(entry.principal()))
        .orElseGet(() -> new Outcome.Refused(invalidApiKey(), false));
  }

  /**
   * The caller an organization API key stands for, when a lookup within the cache's staleness bound
   * found the key and it matches and is usable now; asks no database and changes nothing. Empty for
   * anything else (operator keys, keys not cached, refused keys), which {@link #attempt} decides.
   */
  public Optional<Caller> cachedCaller(String authorizationHeader) {
    String token;
    try {
      token = BearerToken.from(authorizationHeader);
    } catch (Failure noToken) {
      return Optional.empty();
    }
    Optional<String> keyId = ApiKeySecret.keyIdOf(ApiKeySecret.ORGANIZATION, token);
    if (keyId.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return cache
        .peek(keyId.get())
        .filter(entry -> ApiKeySecret.matches(token, entry.credential().secretSha256()))
        .filter(entry -> entry.credential().key().isUsableAt(now))
        .map(CredentialCache.Entry::principal);
  }

  /**
   * Whether the header's key id, of either kind, was found to exist recently (within {@link
   * CredentialCache#KNOWN_FOR}); asks no database. False for a header that names no key id.
   */
  public boolean namesKnownKeyId(String authorizationHeader) {
    String token;
    try {
      token = BearerToken.from(authorizationHeader);
    } catch (Failure noToken) {
      return false;
    }
    for (String prefix : new String[] {ApiKeySecret.ORGANIZATION, ApiKeySecret.OPERATOR}) {
      Optional<String> keyId = ApiKeySecret.keyIdOf(prefix, token);
      if (keyId.isPresent()) {
        return cache.isKnown(prefix, keyId.get());
      }
    }
    return false;
  }

  private Outcome operatorKey(String keyId, String token) {
    if (cache.isUnknownOperatorKey(keyId)) {
      return new Outcome.Refused(invalidOperatorKey(), true);
    }
    Optional<OperatorKeys.Stored> stored = tx.read(db -> db.operatorKeys().find(keyId));
    if (stored.isEmpty()) {
      cache.rememberUnknownOperatorKey(keyId);
      return new Outcome.Refused(invalidOperatorKey(), true);
    }
    cache.rememberKnown(ApiKeySecret.OPERATOR, keyId);
    return stored.get().isLiveFor(token)
        ? new Outcome.Accepted(new OperatorPrincipal(keyId))
        : new Outcome.Refused(invalidOperatorKey(), false);
  }

  private static Failure invalidApiKey() {
    return Failure.unauthenticated("the API key is not valid: it is unknown, revoked or expired");
  }

  private static Failure invalidOperatorKey() {
    return Failure.unauthenticated("the operator key is not valid: it is unknown or revoked");
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
