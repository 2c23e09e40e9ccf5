package dev.tally.client;

/**
 * HTTP 403: the API key may not read billing (it needs {@code BILLING_COORDINATOR} or {@code
 * CLUSTER_ADMIN}). Not retried.
 */
public final class PermissionDeniedException extends ApiException {

  PermissionDeniedException(Failure failure) {
    super(failure);
  }
}
