package dev.tally.client;

/**
 * HTTP 5xx: the server failed. 502, 503 and 504 were retried before this was thrown (see {@link
 * #attempts()}); 500 and the rest are not retried.
 */
public final class ServerException extends ApiException {

  ServerException(Failure failure) {
    super(failure);
  }
}
