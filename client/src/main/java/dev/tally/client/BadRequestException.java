package dev.tally.client;

/** HTTP 400: a request field is invalid (gRPC {@code INVALID_ARGUMENT}, usually). Not retried. */
public final class BadRequestException extends ApiException {

  BadRequestException(Failure failure) {
    super(failure);
  }
}
