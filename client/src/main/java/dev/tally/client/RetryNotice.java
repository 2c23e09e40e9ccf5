package dev.tally.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a request's {@link RequestOptions.Builder#onRetry} listener is told just before the SDK
 * waits to send the request again, so a long-running tool can say why nothing moves.
 *
 * @param method the HTTP method, such as {@code POST}
 * @param uri the request's URI
 * @param retry the retry about to be made, from 1
 * @param maxRetries the most retries this request makes
 * @param delay how long the SDK waits before sending it again
 * @param status the HTTP status of the answer retried past; empty when no answer came
 * @param body the start of that answer's body as text (at most {@value #MAX_BODY_BYTES} bytes,
 *     decoded in its {@code Content-Type}'s charset, else UTF-8); {@code ""} when no answer came
 * @param failure the I/O failure (refused connection, reset, timeout) when no answer came
 */
public record RetryNotice(
    String method,
    URI uri,
    int retry,
    int maxRetries,
    Duration delay,
    OptionalInt status,
    String body,
    Optional<IOException> failure) {

  /** The most bytes of a retried answer's body that are kept for {@link #body()}. */
  public static final int MAX_BODY_BYTES = 1024;

  public RetryNotice {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(failure, "failure");
  }
}
