package dev.tally.client;

import java.util.Objects;

/**
 * One endpoint call, ready to send: the method, the path and query below the base URL (already
 * percent-encoded), the JSON body if any, what the success body parses into, which failures may be
 * retried and which key authenticates it.
 *
 * @param method {@code GET}, {@code POST} or {@code PUT}
 * @param path starts with {@code /}, encoded
 * @param query {@code name=value&...}, encoded, or empty
 * @param body the JSON request body, or {@code null} for none
 * @param type the model of a 2xx body
 * @param retry which failed attempts may be sent again
 * @param credential which of the client's keys to send
 * @param <T> the model type
 */
record Call<T>(
    String method,
    String path,
    String query,
    byte[] body,
    Class<T> type,
    Retry retry,
    Credential credential) {

  /** Which failed attempts may be sent again. */
  enum Retry {
    /**
     * The request is idempotent: every failure that {@link RetryPolicy} calls retryable (transport
     * failures, timeouts, 408, 429, 502, 503, 504) is retried.
     */
    IDEMPOTENT,
    /**
     * Sending it twice would do it twice: only a connection that failed before the request went out
     * (refused, or timed out while connecting) is retried. After that, whatever happens is thrown.
     */
    UNSENT_ONLY
  }

  /** Which key the request carries as {@code Authorization: Bearer <key>}. */
  enum Credential {
    /** The Billing API's key: an organization's service account. */
    API_KEY,
    /** The operator API's key ({@code TALLYOP1_...}). */
    OPERATOR_KEY
  }

  Call {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(credential, "credential");
  }

  /** A Billing API GET: idempotent, with the API key. */
  Call(String path, String query, Class<T> type) {
    this("GET", path, query, null, type, Retry.IDEMPOTENT, Credential.API_KEY);
  }
}
