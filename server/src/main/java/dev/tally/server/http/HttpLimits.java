package dev.tally.server.http;

import java.time.Duration;

/**
 * The server's limits on what one client may ask of it.
 *
 * <ul>
 *   <li>{@code requestsPerSecond} and {@code burst}: a token bucket per API key (keyed by the key
 *       id inside the token, never the secret; organization and operator keys alike) and, for
 *       requests whose {@code Authorization} names no key, per client IP address. A bucket holds
 *       {@code burst} tokens and refills at {@code requestsPerSecond}; a request that finds it
 *       empty is answered 429 {@code RESOURCE_EXHAUSTED} with {@code Retry-After} in whole seconds.
 *       0 turns the limit off. The default, 10 per second, is the rate CockroachDB Cloud documents
 *       for its Cloud API ("rate-limited to 10 requests per second per user",
 *       https://www.cockroachlabs.com/docs/cockroachcloud/cloud-api), with a burst of 20.
 *   <li>{@code authFailuresPerMinute}: failed authentications allowed per key id (or per client IP
 *       for tokens that name no key), refilled evenly over a minute. Once they are spent, the key
 *       id is answered 429 before its secret is looked up, so guessing cannot flood the database. 0
 *       turns the limit off.
 *   <li>{@code headerTimeout}: the most a client may take to send a request's line and headers,
 *       however slowly it trickles them; then it is answered 408 and the connection closed.
 *   <li>{@code idleTimeout}: how long a connection may stay silent, including while a request body
 *       is awaited; a stalled body is answered 408.
 * </ul>
 *
 * @throws IllegalArgumentException with a one-line message when a value is out of range
 */
public record HttpLimits(
    int requestsPerSecond,
    int burst,
    int authFailuresPerMinute,
    Duration headerTimeout,
    Duration idleTimeout) {

  public static final int DEFAULT_REQUESTS_PER_SECOND = 10;
  public static final int DEFAULT_BURST = 20;
  public static final int DEFAULT_AUTH_FAILURES_PER_MINUTE = 10;
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  public HttpLimits {
    if (requestsPerSecond < 0) {
      throw new IllegalArgumentException(
          "the rate limit must be 0 (off) or a positive number of requests per second, got "
              + requestsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException(
          "the rate-limit burst must be at least 1 request, got " + burst);
    }
    if (authFailuresPerMinute < 0) {
      throw new IllegalArgumentException(
          "the failed-authentication limit must be 0 (off) or a positive number per minute, got "
              + authFailuresPerMinute);
    }
    requirePositive(headerTimeout, "the header timeout");
    requirePositive(idleTimeout, "the idle timeout");
  }

  /** The production defaults: every limit on. */
  public static HttpLimits defaults() {
    return new HttpLimits(
        DEFAULT_REQUESTS_PER_SECOND,
        DEFAULT_BURST,
        DEFAULT_AUTH_FAILURES_PER_MINUTE,
        DEFAULT_HEADER_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT);
  }

  /**
   * No request-rate or failed-authentication limit (benchmarks, tests that are not about limits);
   * the timeouts stay, since a server must never wait for ever.
   */
  public static HttpLimits unlimited() {
    return new HttpLimits(0, DEFAULT_BURST, 0, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
  }

  public boolean limitsRequests() {
    return requestsPerSecond > 0;
  }

  public boolean limitsAuthFailures() {
    return authFailuresPerMinute > 0;
  }

  public HttpLimits withRequests(int requestsPerSecond, int burst) {
    return new HttpLimits(
        requestsPerSecond, burst, authFailuresPerMinute, headerTimeout, idleTimeout);
  }

  public HttpLimits withAuthFailuresPerMinute(int authFailuresPerMinute) {
    return new HttpLimits(
        requestsPerSecond, burst, authFailuresPerMinute, headerTimeout, idleTimeout);
  }

  public HttpLimits withTimeouts(Duration headerTimeout, Duration idleTimeout) {
    return new HttpLimits(
        requestsPerSecond, burst, authFailuresPerMinute, headerTimeout, idleTimeout);
  }

  private static void requirePositive(Duration timeout, String what) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(what + " must be a positive duration, got " + timeout);
    }
  }
}
