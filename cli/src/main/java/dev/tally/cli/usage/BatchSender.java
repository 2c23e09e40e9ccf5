package dev.tally.cli.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.cli.ApiErrorMessage;
import dev.tally.cli.CliException;
import dev.tally.cli.format.Counted;
import dev.tally.client.ApiException;
import dev.tally.client.OperatorApi;
import dev.tally.client.RequestOptions;
import dev.tally.client.RetryNotice;
import dev.tally.client.TallyException;
import dev.tally.client.TransportException;
import dev.tally.client.UnexpectedResponseException;
import dev.tally.model.WireJson;
import dev.tally.model.operator.IngestUsageResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Set;

/**
 * Sends batches with the SDK's {@code operator().ingestUsage(...)}, one at a time. The SDK resends
 * a batch after a connection failure, a timeout or a "try again" status (408, 429, 502, 503, 504)
 * with backoff, which is safe since the server counts each {@code event_id} once; each resend is
 * told to the {@link RetryListener}. Any failure that remains is a {@link CliException} in Tally's
 * words whose exit code says its class: a rejected operator key is an auth failure.
 */
public final class BatchSender {

  /** Generous: a batch of 10,000 events is one database transaction on the server. */
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  private static final Set<Integer> RETRYABLE = Set.of(408, 429, 502, 503, 504);

  /** Told before each resend, so the person waiting knows why nothing moves. */
  public interface RetryListener {
    /**
     * @param retry the resend about to be made, from 1, of at most {@code maxRetries}
     * @param delay the wait before it
     * @param why what failed, in one line
     */
    void retrying(UsageBatch batch, int retry, int maxRetries, Duration delay, String why);
  }

  private final OperatorApi operator;
  private final URI server;
  private final int maxRetries;
  private final RetryListener listener;

  /**
   * @param operator the SDK's operator API, with the operator key
   * @param server the server's base URL, for messages
   * @param maxRetries resends of a batch after the first attempt, 0 to the SDK's limit
   */
  public BatchSender(OperatorApi operator, URI server, int maxRetries, RetryListener listener) {
    this.operator = operator;
    this.server = server;
    this.maxRetries = maxRetries;
    this.listener = listener;
  }

  /**
   * Sends the batch until the server answers it.
   *
   * @return what became of each event, checked to account for every event of the batch
   * @throws CliException if the server did not take the batch, after retries
   * @throws InterruptedException if the thread was interrupted while sending or waiting
   */
  IngestUsageResponse send(UsageBatch batch) throws InterruptedException {
    RequestOptions options =
        RequestOptions.builder()
            .maxRetries(maxRetries)
            .timeout(REQUEST_TIMEOUT)
            .onRetry(
                notice ->
                    listener.retrying(
                        batch, notice.retry(), notice.maxRetries(), notice.delay(), why(notice)))
            .build();
    IngestUsageResponse result;
    try {
      result = operator.ingestUsage(batch.events()).options(options).execute();
    } catch (TransportException e) {
      if (e.isInterrupted()) {
        throw new InterruptedException("interrupted while sending batch " + batch.number());
      }
      throw CliException.serverOrNetwork(
          ApiErrorMessage.unreachable(e.uri(), e.getCause()) + gaveUp(batch, e));
    } catch (ApiException e) {
      throw failure(batch, e, e.statusCode(), message(e.serverMessage()), e.headers());
    } catch (UnexpectedResponseException e) {
      if (e.statusCode() >= 200 && e.statusCode() <= 299) {
        throw CliException.serverOrNetwork(
            base()
                + " did not answer with the operator API's JSON (HTTP "
                + e.statusCode()
                + ", "
                + e.contentType().orElse("no Content-Type")
                + "): "
                + e.bodySnippet());
      }
      throw failure(batch, e, e.statusCode(), message(e.bodySnippet()), e.headers());
    }
    return checked(batch, result);
  }

  private CliException failure(
      UsageBatch batch, TallyException e, int status, String message, HttpHeaders headers) {
    String because = " (" + status + ")" + message;
    if (RETRYABLE.contains(status)) {
      return CliException.serverOrNetwork(
          "the server answered " + status + message + gaveUp(batch, e));
    }
    return switch (status) {
      case 401 -> CliException.auth("the operator key was rejected" + because);
      case 403 -> CliException.auth("the operator key may not send usage" + because);
      case 413 ->
          CliException.invalid(
              "batch "
                  + batch.number()
                  + " is too large for the server"
                  + because
                  + "; pass a smaller --batch-size");
      case 404, 405 ->
          CliException.serverOrNetwork(
              "there is no operator API at "
                  + e.uri()
                  + because
                  + "; is "
                  + base()
                  + " a Tally server?");
      case 301, 302, 303, 307, 308 ->
          CliException.serverOrNetwork(
              base()
                  + " redirects the "
                  + "operator API to "
                  + headers.firstValue("Location").orElse("another address")
                  + " ("
                  + status
                  + "); pass the address it should be reached at as --url");
      default ->
          status >= 400 && status < 500
              ? CliException.invalid("the server refused batch " + batch.number() + because)
              : CliException.serverOrNetwork(
                  "the server failed on batch " + batch.number() + because);
    };
  }

  private static IngestUsageResponse checked(UsageBatch batch, IngestUsageResponse result) {
    boolean indexesFit =
        result.rejected().stream().allMatch(r -> r.index() >= 0 && r.index() < batch.size());
    if (!indexesFit || result.total() != batch.size()) {
      // Counting the file's events right matters more than finishing: stop rather than guess.
      throw CliException.serverOrNetwork(
          "the server's answer to batch "
              + batch.number()
              + " does not add up: "
              + result.accepted()
              + " accepted, "
              + Counted.of(result.duplicates(), "duplicate")
              + " and "
              + result.rejected().size()
              + " rejected of "
              + Counted.of(batch.size(), "event")
              + (indexesFit ? "" : ", or names an event not in the batch"));
    }
    return result;
  }

  /** What a retry follows: {@code "the server answered 503: restarting"} or why none came. */
  private static String why(RetryNotice notice) {
    if (notice.status().isEmpty()) {
      return ApiErrorMessage.unreachable(notice.uri(), notice.failure().orElse(null));
    }
    return "the server answered "
        + notice.status().getAsInt()
        + message(statusMessage(notice.body()));
  }

  /** The message of a Status body, else the body's beginning. */
  private static String statusMessage(String body) {
    try {
      JsonNode message = WireJson.reader().readTree(body).get("message");
      if (message != null && message.isTextual()) {
        return message.textValue();
      }
    } catch (IOException | RuntimeException e) {
      // not a Status body; show its beginning
    }
    return body.length() > 200 ? body.substring(0, 200) : body;
  }

  /** {@code ": <message>"} on one line, or nothing for an empty message. */
  private static String message(String text) {
    String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
    return line.isEmpty() ? "" : ": " + line;
  }

  private static String gaveUp(UsageBatch batch, TallyException e) {
    int attempts = e.attempts();
    return " (gave up on batch "
        + batch.number()
        + " after "
        + attempts
        + (attempts == 1 ? " attempt)" : " attempts)");
  }

  /** The scheme and authority, such as {@code http://127.0.0.1:8080}: what the user passed. */
  private String base() {
    return server.getScheme() + "://" + server.getRawAuthority();
  }
}
