package dev.tally.server.http;

import dev.tally.server.auth.AccessPolicy;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.auth.Caller;
import dev.tally.server.auth.Permission;
import dev.tally.server.auth.Principal;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;

/**
 * Declarative access: a route declares the permission it needs ({@code Access.requires(...)}), and
 * {@link #check} runs before any matched handler, authenticating either kind of key and asking the
 * {@link AccessPolicy}. Handlers never authorize; they read the caller with {@link #principal}.
 */
final class Access {

  private static final String CALLER = "tally.caller";
  static final String REALM = "tally";

  /** The permission a route needs, in the form Javalin keeps with the route. */
  record Requires(Permission permission) implements RouteRole {}

  private final Authenticator authenticator;
  private final AccessPolicy policy;

  Access(Authenticator authenticator, AccessPolicy policy) {
    this.authenticator = authenticator;
    this.policy = policy;
  }

  static Requires requires(Permission permission) {
    return new Requires(permission);
  }

  /** Authenticates and authorizes the request when its route declares a permission. */
  void check(Context ctx) {
    for (RouteRole role : ctx.routeRoles()) {
      if (role instanceof Requires requires) {
        Caller caller = authenticator.authenticate(ctx.header("Authorization"));
        policy.require(caller, requires.permission());
        ctx.attribute(CALLER, caller);
      }
    }
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
