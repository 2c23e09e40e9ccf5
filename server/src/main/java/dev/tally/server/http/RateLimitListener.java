package dev.tally.server.http;

/**
 * Told of every request refused by a limit, for a counter such as {@code
 * tally_http_rate_limited_total}. Called on the request's thread; it must be quick and must not
 * throw.
 */
@FunctionalInterface
public interface RateLimitListener {

  /** Which limit refused a request. */
  enum Limit {
    /** The request rate of one API key (organization or operator key). */
    API_KEY,
    /** The request rate of one client IP, for requests that name no key. */
    CLIENT_IP,
    /** The failed authentications of one key id (or client IP). */
    AUTH_FAILURES
  }

  void limited(Limit limit);

  RateLimitListener NONE = limit -> {};
}
