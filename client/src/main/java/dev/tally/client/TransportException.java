package dev.tally.client;

import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * No answer came: the connection failed or was reset, a timeout expired, or the calling thread was
 * interrupted. There is no HTTP status, since the server never gave one.
 *
 * <p>Connection failures and timeouts were retried before this was thrown; {@link #attempts()} says
 * how many times the request was sent, {@link #getCause()} is the last failure and the earlier ones
 * are {@linkplain #getSuppressed() suppressed}.
 */
public final class TransportException extends TallyException {

  /** Whether the last attempt timed out. */
  private final boolean timeout;

  /** Whether the calling thread was interrupted. */
  private final boolean interrupted;

  TransportException(String method, URI uri, int attempts, Throwable cause, boolean interrupted) {
    super(
        describe(method, uri, what(cause, interrupted), attempts, null),
        cause,
        method,
        uri,
        attempts);
    this.timeout = cause instanceof HttpTimeoutException;
    this.interrupted = interrupted;
  }

  /** {@return whether the last attempt ran out of time (connect timeout or request timeout)} */
  public boolean isTimeout() {
    return timeout;
  }

  /**
   * {@return whether the calling thread was interrupted (or the async future cancelled); its flag
   * is set again}
   */
  public boolean isInterrupted() {
    return interrupted;
  }

  private static String what(Throwable cause, boolean interrupted) {
    if (interrupted) {
      return "interrupted";
    }
    String detail =
        cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    if (cause instanceof HttpConnectTimeoutException) {
      return "connect timed out (" + detail + ")";
    }
    if (cause instanceof HttpTimeoutException) {
      return "request timed out (" + detail + ")";
    }
    return "no answer (" + detail + ")";
  }
}
