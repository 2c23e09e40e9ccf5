package dev.tally.client;

/** HTTP 404: no such invoice (or no such endpoint at this base URL). Not retried. */
public final class NotFoundException extends ApiException {

  NotFoundException(Failure failure) {
    super(failure);
  }
}
