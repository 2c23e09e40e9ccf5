package dev.tally.client;

/**
 * HTTP 401: the API key is missing, wrong or expired (gRPC {@code UNAUTHENTICATED}). Not retried.
 */
public final class UnauthenticatedException extends ApiException {

  UnauthenticatedException(Failure failure) {
    super(failure);
  }
}
