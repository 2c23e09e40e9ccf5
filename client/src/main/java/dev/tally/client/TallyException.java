package dev.tally.client;

import java.net.URI;
import java.util.Objects;

/**
 * Anything that went wrong running a request. Unchecked; sealed, so a {@code switch} over its three
 * kinds is exhaustive:
 *
 * <ul>
 *   <li>{@link ApiException}: the API answered with an error status and its JSON error body;
 *   <li>{@link TransportException}: no answer came (connection failure, timeout, interruption);
 *   <li>{@link UnexpectedResponseException}: an answer came, but not the JSON this SDK expects,
 *       such as a proxy's HTML error page.
 * </ul>
 *
 * <p>Invalid arguments and misuse (no API key, a closed client) are reported with the usual {@link
 * IllegalArgumentException} and {@link IllegalStateException} instead.
 */
public abstract sealed class TallyException extends RuntimeException
    permits ApiException, TransportException, UnexpectedResponseException {

  /** The HTTP method of the request. */
  private final String method;

  /** The request URI. */
  private final URI uri;

  /** How many times the request was sent. */
  private final int attempts;

  TallyException(String message, Throwable cause, String method, URI uri, int attempts) {
    super(message, cause);
    this.method = Objects.requireNonNull(method, "method");
    this.uri = Objects.requireNonNull(uri, "uri");
    this.attempts = attempts;
  }

  /** {@return the HTTP method of the failed request, such as {@code GET}} */
  public String method() {
    return method;
  }

  /** {@return the URI of the failed request, with its query; it never holds credentials} */
  public URI uri() {
    return uri;
  }

  /**
   * {@return how many times the request was sent before this was thrown}: 1 when it was not
   * retried, {@code maxRetries + 1} when the retries were exhausted.
   */
  public int attempts() {
    return attempts;
  }

  /**
   * {@code "GET <uri>: <what>"}, then how many attempts it took when more than one, then a note.
   */
  static String describe(String method, URI uri, String what, int attempts, String note) {
    StringBuilder message =
        new StringBuilder(method).append(' ').append(uri).append(": ").append(what);
    if (attempts > 1) {
      message.append("; gave up after ").append(attempts).append(" attempts");
    }
    if (note != null) {
      message.append("; ").append(note);
    }
    return message.toString();
  }
}
