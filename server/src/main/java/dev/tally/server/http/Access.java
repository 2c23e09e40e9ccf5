package dev.tally.server.http;

import dev.tally.model.GrpcCode;
import dev.tally.server.auth.AccessPolicy;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.auth.Caller;
import dev.tally.server.auth.Permission;
import dev.tally.server.auth.Principal;
import dev.tally.server.errors.Failure;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.security.RouteRole;
import java.time.Duration;
import java.util.Optional;

/**
 * Declarative access: a route declares the permission it needs ({@code Access.requires(...)}), and
 * {@link #check} runs before any matched handler, authenticating either kind of key and asking the
 * {@link AccessPolicy}. Handlers never authorize; they read the caller with {@link #principal}.
 *
 * <p>The limits of {@link HttpLimits} are part of the same check, so every route that needs a key
 * is limited, on the Billing API and the operator API alike. A request is counted against exactly
 * one subject ({@link RateLimiter#subjectOf}): the key id of a well-formed token, or, when it names
 * no key id, its client address (the socket's peer; {@code X-Forwarded-For} is not read). First the
 * subject's failed-authentication limit, before any lookup: once spent, every request of that
 * subject is refused, the right secret included, without asking the database; then its request
 * rate. A refused request is answered 429 {@code RESOURCE_EXHAUSTED} with {@code Retry-After} in
 * whole seconds and a message naming the key id or the address, whichever was counted. A failed
 * authentication then counts against that same subject.
 *
 * <p>A key id that no key has costs a lookup (once per key id and staleness bound, {@code
 * CredentialCache}), so made-up key ids, one after another, would each reach the database: such
 * failures also count against the client address, in an allowance of their own ({@link
 * RateLimiter#unknownKeyIdsFrom}). Once it is spent, a request from the address is refused before
 * any lookup unless its key id was found to exist recently ({@link Authenticator#namesKnownKeyId}):
 * the address's valid keys keep working, made-up ones do not reach the database.
 */
final class Access {

  private static final String CALLER = "tally.caller";
  static final String REALM = "tally";

  /** The permission a route needs, in the form Javalin keeps with the route. */
  record Requires(Permission permission) implements RouteRole {}

  private final Authenticator authenticator;
  private final AccessPolicy policy;
  private final RateLimiter limiter;

  Access(Authenticator authenticator, AccessPolicy policy, RateLimiter limiter) {
    this.authenticator = authenticator;
    this.policy = policy;
    this.limiter = limiter;
  }

  static Requires requires(Permission permission) {
    return new Requires(permission);
  }

  /** Authenticates and authorizes the request when its route declares a permission. */
  void check(Context ctx) {
    for (RouteRole role : ctx.routeRoles()) {
      if (role instanceof Requires requires) {
        int given = java.util.Collections.list(ctx.req().getHeaders("Authorization")).size();
        if (given > 1) {
          // Which one counts would be up to whichever reader takes the first.
          throw Failure.invalid(
              "the request has " + given + " Authorization headers; send exactly one");
        }
        String authorization = ctx.header("Authorization");
        RateLimiter.Subject subject = RateLimiter.subjectOf(authorization, ctx.ip());
        Optional<Duration> spent = limiter.failuresSpent(subject);
        if (spent.isPresent()) {
          throw tooMany(ctx, spent.get(), "too many failed authentications " + subject.whose());
        }
        RateLimiter.Subject address = RateLimiter.unknownKeyIdsFrom(ctx.ip());
        if (subject.limit() == RateLimitListener.Limit.API_KEY
            && !authenticator.namesKnownKeyId(authorization)) {
          spent = limiter.failuresSpent(address);
          if (spent.isPresent()) {
            throw tooMany(
                ctx,
                spent.get(),
                "too many failed authentications with unknown key ids from this address");
          }
        }
        // A hot read that took this request's rate and then left it to the router took it once.
        Optional<Duration> wait =
            subject.equals(ctx.attribute(RATE_TAKEN)) ? Optional.empty() : limiter.admit(subject);
        if (wait.isPresent()) {
          throw tooMany(ctx, wait.get(), "too many requests " + subject.whose());
        }
        Caller caller;
        try {
          caller =
              switch (authenticator.attempt(authorization)) {
                case Authenticator.Outcome.Accepted accepted -> accepted.caller();
                case Authenticator.Outcome.Refused refused -> {
                  if (refused.unknownKeyId()) {
                    limiter.failed(address);
                  }
                  throw refused.failure();
                }
              };
        } catch (Failure e) {
          if (e.code() == GrpcCode.UNAUTHENTICATED) {
            limiter.failed(subject);
          }
          throw e;
        }
        policy.require(caller, requires.permission());
        ctx.attribute(CALLER, caller);
      }
    }
  }

  /**
   * Admits a request ahead of the router ({@link HotInvoiceReads}) when {@link #check} would
   * certainly admit it: exactly one {@code Authorization} header, failures left to its subject, an
   * organization key the credential cache holds as valid, a role allowed {@code permission}, and a
   * request rate left, which it takes quietly (a refusal is left to {@link #check}, which counts it
   * once). Only then is {@code wanted} asked, so a key whose rate is spent costs it nothing. When
   * the rate was taken and {@code wanted} finds nothing (or throws), the request goes on to the
   * router with {@code rateTaken} told, and {@link #check} does not take it again.
   *
   * @param authorizations the request's {@code Authorization} header lines
   * @param ip the client address, as {@link #check} reads it
   * @param wanted what the caller asks for, if at hand: from a cache, with at most one statement
   *     that checks its version
   * @param rateTaken told the subject whose rate this request has taken, before {@code wanted} runs
   * @return what {@code wanted} found, the request admitted; else empty
   */
  <T> Optional<T> admitFromCache(
      java.util.List<String> authorizations,
      String ip,
      Permission permission,
      java.util.function.Function<Principal, Optional<T>> wanted,
      java.util.function.Consumer<RateLimiter.Subject> rateTaken) {
    if (authorizations.size() != 1) {
      return Optional.empty();
    }
    String authorization = authorizations.getFirst();
    RateLimiter.Subject subject = RateLimiter.subjectOf(authorization, ip);
    if (!limiter.failuresLeft(subject)) {
      return Optional.empty();
    }
    Optional<Principal> principal =
        authenticator
            .cachedCaller(authorization)
            .filter(caller -> policy.allows(caller, permission))
            .filter(Principal.class::isInstance)
            .map(Principal.class::cast);
    if (principal.isEmpty() || !limiter.admitsQuietly(subject)) {
      return Optional.empty();
    }
    rateTaken.accept(subject);
    return wanted.apply(principal.get());
  }

  /**
   * The request attribute by which {@link HotInvoiceReads} tells {@link #check} that it took the
   * request from this subject's rate ({@link RateLimiter.Subject}).
   */
  static final String RATE_TAKEN = "tally.rate-taken";

  /** The 429 of a limit, with {@code Retry-After} set on the answer. */
  private static Failure tooMany(Context ctx, Duration wait, String what) {
    long seconds = RateLimiter.retryAfterSeconds(wait);
    ctx.header(Header.RETRY_AFTER, Long.toString(seconds));
    return new Failure(
        GrpcCode.RESOURCE_EXHAUSTED,
        429,
        "rate limit exceeded: "
            + what
            + "; retry after "
            + seconds
            + (seconds == 1 ? " second" : " seconds"));
  }

  /**
   * The {@code WWW-Authenticate} challenge of a 401 (RFC 6750, section 3): {@code Bearer
   * realm="tally"}, with {@code error="invalid_token"} when the request did present a bearer token,
   * which was rejected.
   *
   * @param authorizationHeader the request's {@code Authorization} header; null when absent
   */
  static String challenge(String authorizationHeader) {
    String realm = "Bearer realm=\"" + REALM + "\"";
    boolean presentedToken =
        authorizationHeader != null
            && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)
            && !authorizationHeader.substring(7).isBlank();
    return presentedToken ? realm + ", error=\"invalid_token\"" : realm;
  }

  /** The organization's service account that made this request; its route required one. */
  static Principal principal(Context ctx) {
    if (ctx.attribute(CALLER) instanceof Principal principal) {
      return principal;
    }
    throw new IllegalStateException(
        "route " + ctx.endpoint() + " reads a principal it did not require");
  }
}
