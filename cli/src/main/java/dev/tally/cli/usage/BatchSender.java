package dev.tally.cli.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.cli.options.OperatorCredentials;
import dev.tally.cli.CliException;
import dev.tally.model.operator.IngestUsageResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Posts batches to {@code POST /operator/v1/usage-events}, one at a time, and resends a batch that met
 * a connection failure or a "try again" status (429, 502, 503, 504) with backoff. Any other failure is
 * a {@link CliException} whose exit code says its class: a rejected operator key is an auth failure.
 */
public final class BatchSender implements AutoCloseable {

  public static final String PATH = "/operator/v1/usage-events";
  private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Generous: a batch of 10,000 events is one database transaction on the server. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  /** Told before each resend, so the person waiting knows why nothing moves. */
  public interface RetryListener {
    void retrying(UsageBatch batch, int retry, int maxRetries, Duration delay, String why);
  }

  private final HttpClient http;
  private final OperatorCredentials credentials;
  private final URI endpoint;
  private final ObjectMapper json;
  private final RetryPolicy policy;
  private final RetryListener listener;

  public BatchSender(OperatorCredentials credentials, ObjectMapper json, RetryPolicy policy, RetryListener listener) {
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.credentials = credentials;
    this.endpoint = credentials.resolve(PATH);
    this.json = json;
    this.policy = policy;
    this.listener = listener;
  }

  /** Sends the batch until the server answers it; returns what became of each event. */
  IngestUsageResponse send(UsageBatch batch) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + credentials.operatorKey())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header("User-Agent", "tally-cli usage-import")
        .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body(json)))
        .build();
    for (int attempt = 1; ; attempt++) {
      String why;
      Duration retryAfter = null;
      try {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 200) {
          return result(batch, response);
        }
        if (!RETRYABLE.contains(response.statusCode())) {
          throw failure(batch, response);
        }
        why = "the server answered " + response.statusCode() + serverMessage(response);
        retryAfter = retryAfter(response);
      } catch (IOException e) {
        why = transport(e);
      }
      if (attempt > policy.maxRetries()) {
        throw CliException.serverOrNetwork(why + " (gave up on batch " + batch.number() + " after "
            + attempt + (attempt == 1 ? " attempt)" : " attempts)"));
      }
      Duration delay = policy.delayBefore(attempt, retryAfter);
      listener.retrying(batch, attempt, policy.maxRetries(), delay, why);
      Thread.sleep(delay);
    }
  }

  private IngestUsageResponse result(UsageBatch batch, HttpResponse<byte[]> response) {
    IngestUsageResponse result;
    try {
      result = json.readValue(response.body(), IngestUsageResponse.class);
    } catch (IOException | RuntimeException e) {
      throw CliException.serverOrNetwork(credentials.server() + " did not answer with the operator API's JSON (HTTP 200, "
          + response.headers().firstValue("Content-Type").orElse("no Content-Type") + "): " + snippet(response.body()));
    }
    boolean indexesFit = result.rejected().stream().allMatch(r -> r.index() >= 0 && r.index() < batch.size());
    if (!indexesFit || result.accepted() + result.duplicates() + result.rejected().size() != batch.size()) {
      // Counting the file's events right matters more than finishing: stop rather than guess.
      throw CliException.serverOrNetwork("the server's answer to batch " + batch.number() + " does not add up: "
          + result.accepted() + " accepted, " + result.duplicates() + " duplicates and " + result.rejected().size()
          + " rejected of " + batch.size() + " events" + (indexesFit ? "" : ", or names an event not in the batch"));
    }
    return result;
  }

  private CliException failure(UsageBatch batch, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    String because = " (" + status + ")" + serverMessage(response);
    return switch (status) {
      case 401 -> CliException.auth("the operator key was rejected" + because);
      case 403 -> CliException.auth("the operator key may not send usage" + because);
      case 413 -> CliException.invalid("batch " + batch.number() + " is too large for the server" + because
          + "; pass a smaller --batch-size");
      case 404, 405 -> CliException.serverOrNetwork("there is no operator API at " + endpoint + because
          + "; is " + credentials.server() + " a Tally server?");
      case 301, 302, 303, 307, 308 -> CliException.serverOrNetwork(credentials.server() + " redirects the "
          + "operator API to " + response.headers().firstValue("Location").orElse("another address") + " (" + status
          + "); pass the address it should be reached at as --url");
      default -> status >= 400 && status < 500
          ? CliException.invalid("the server refused batch " + batch.number() + because)
          : CliException.serverOrNetwork("the server failed on batch " + batch.number() + because);
    };
  }

  /** {@code ": <message>"} from the server's Status body, or a snippet of whatever it sent. */
  private String serverMessage(HttpResponse<byte[]> response) {
    if (response.body().length == 0) {
      return "";
    }
    try {
      JsonNode message = json.readTree(response.body()).get("message");
      if (message != null && message.isTextual()) {
        return ": " + oneLine(message.textValue());
      }
    } catch (IOException | RuntimeException e) {
      // not a Status body; show its beginning
    }
    return ": " + snippet(response.body());
  }

  /** Retry-After in seconds, as 429 and 503 may carry; an HTTP date is ignored in favour of backoff. */
  private static Duration retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After")
        .filter(v -> v.strip().matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v.strip())))
        .orElse(null);
  }

  private String transport(IOException e) {
    String server = credentials.server();
    if (e instanceof HttpConnectTimeoutException) {
      return "cannot reach " + server + ": no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer from " + server + " within " + REQUEST_TIMEOUT.toSeconds() + " s";
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
        return "cannot reach " + server + ": unknown host " + credentials.url().getHost();
      }
      if (cause instanceof SSLException) {
        return "cannot reach " + server + ": TLS failed (" + oneLine(String.valueOf(cause.getMessage())) + ")";
      }
      if (cause instanceof ConnectException) {
        return "cannot reach " + server + ": "
            + (cause.getMessage() == null ? "connection refused" : oneLine(cause.getMessage()).toLowerCase(Locale.ROOT));
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return "lost the connection to " + server + ": "
        + (root.getMessage() == null ? root.getClass().getSimpleName() : oneLine(root.getMessage()));
  }

  private static String snippet(byte[] body) {
    String text = oneLine(new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
    return text.isEmpty() ? "(empty body)" : text;
  }

  /** Keeps an error to one line, whatever the server sent. */
  private static String oneLine(String text) {
    return text.replaceAll("\\p{Cntrl}+", " ").strip();
  }

  @Override
  public void close() {
    http.close();
  }
}
