package dev.tally.client;

/**
 * HTTP 429: too many requests (gRPC {@code RESOURCE_EXHAUSTED}). It was retried, honouring the
 * server's {@code Retry-After}, before this was thrown; {@link #retryAfter()} says how long the
 * server last asked to wait.
 */
public final class RateLimitedException extends ApiException {

  RateLimitedException(Failure failure) {
    super(failure);
  }
}
