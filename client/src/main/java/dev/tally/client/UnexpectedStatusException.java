package dev.tally.client;

/**
 * An error status that no other subtype stands for, such as 408 or 409 (408 after its retries), or
 * a 3xx, since redirects are not followed.
 */
public final class UnexpectedStatusException extends ApiException {

  UnexpectedStatusException(Failure failure) {
    super(failure);
  }
}
