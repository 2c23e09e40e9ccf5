package dev.tally.client;

import static java.lang.System.Logger.Level.DEBUG;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.client.RetryPolicy.Decision;
import dev.tally.model.Status;
import dev.tally.model.WireJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends calls: builds the request from the client's settings and the request's options, retries per
 * the {@link RetryPolicy}, and turns the answer into a model or the right {@link TallyException}.
 * Immutable and thread-safe; one per client.
 */
final class HttpCaller {

  private static final System.Logger LOG = System.getLogger("dev.tally.client");
  private static final ObjectMapper MAPPER = WireJson.mapper();
  private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");

  private final HttpClient http;
  private final boolean ownsHttp;
  private final URI baseUrl;
  private final String apiKey;
  private final String operatorKey;
  private final String apiVersion;
  private final String userAgent;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final RetryPolicy retryPolicy;
  private final AtomicBoolean closed = new AtomicBoolean();

  HttpCaller(
      HttpClient http,
      boolean ownsHttp,
      URI baseUrl,
      String apiKey,
      String operatorKey,
      String apiVersion,
      String userAgent,
      Duration requestTimeout,
      int maxRetries,
      RetryPolicy retryPolicy) {
    this.http = Objects.requireNonNull(http);
    this.ownsHttp = ownsHttp;
    this.baseUrl = Objects.requireNonNull(baseUrl);
    this.apiKey = apiKey;
    this.operatorKey = operatorKey;
    this.apiVersion = Objects.requireNonNull(apiVersion);
    this.userAgent = Objects.requireNonNull(userAgent);
    this.requestTimeout = Objects.requireNonNull(requestTimeout);
    this.maxRetries = maxRetries;
    this.retryPolicy = Objects.requireNonNull(retryPolicy);
  }

  URI baseUrl() {
    return baseUrl;
  }

  String apiVersion() {
    return apiVersion;
  }

  String userAgent() {
    return userAgent;
  }

  Duration requestTimeout() {
    return requestTimeout;
  }

  int maxRetries() {
    return maxRetries;
  }

  boolean hasApiKey() {
    return apiKey != null;
  }

  boolean hasOperatorKey() {
    return operatorKey != null;
  }

  HttpClient httpClient() {
    return http;
  }

  /**
   * Closes the {@link HttpClient} if the SDK made it; either way, no further calls are accepted.
   */
  void close() {
    if (closed.compareAndSet(false, true) && ownsHttp) {
      http.close();
    }
  }

  /**
   * Runs the call on a new virtual thread, mapping the answer; cancelling the future interrupts the
   * call, including a wait between attempts. Misuse (closed client, no API key) throws here, at
   * once.
   */
  <T, R> CompletableFuture<R> executeAsync(
      Call<T> call, RequestOptions options, Function<ApiResponse<T>, R> mapping) {
    HttpRequest request = prepare(call, options);
    CompletableFuture<R> future = new CompletableFuture<>();
    Thread thread =
        Thread.ofVirtual()
            .name("tally-client-call")
            .unstarted(
                () -> {
                  try {
                    future.complete(mapping.apply(send(call, request, options)));
                  } catch (Throwable t) {
                    future.completeExceptionally(t);
                  }
                });
    future.whenComplete(
        (result, failure) -> {
          if (future.isCancelled()) {
            thread.interrupt();
          }
        });
    thread.start();
    return future;
  }

  /** Runs the call on this thread, retrying as configured. */
  <T> ApiResponse<T> execute(Call<T> call, RequestOptions options) {
    return send(call, prepare(call, options), options);
  }

  /** The request to send, after checking the client may send it. */
  private HttpRequest prepare(Call<?> call, RequestOptions options) {
    if (closed.get()) {
      throw new IllegalStateException("this TallyClient is closed");
    }
    return buildRequest(call, options);
  }

  private <T> ApiResponse<T> send(Call<T> call, HttpRequest request, RequestOptions options) {
    int retries = options.maxRetries().orElse(maxRetries);
    // A request that must not run twice is retried only when it never left: no answer may follow.
    int answerRetries = call.retry() == Call.Retry.IDEMPOTENT ? retries : 0;
    List<IOException> earlierFailures = new ArrayList<>();
    for (int attempt = 1; ; attempt++) {
      final int thisAttempt = attempt;
      Decision[] decision = new Decision[1];
      HttpResponse<byte[]> response;
      long started = System.nanoTime();
      if (LOG.isLoggable(DEBUG)) {
        LOG.log(
            DEBUG, "attempt " + attempt + "/" + (retries + 1) + ": " + LogFormat.request(request));
      }
      try {
        response =
            http.send(
                request,
                info -> {
                  decision[0] =
                      retryPolicy.decide(
                          info.statusCode(), info.headers(), thisAttempt, answerRetries);
                  // A body we are going to retry past is drained; only its start is kept, for
                  // onRetry.
                  return decision[0].retry()
                      ? firstBytes(RetryNotice.MAX_BODY_BYTES)
                      : BodySubscribers.ofByteArray();
                });
      } catch (IOException e) {
        if (attempt > retries || (call.retry() == Call.Retry.UNSENT_ONLY && !neverSent(e))) {
          TransportException failure =
              new TransportException(request.method(), request.uri(), attempt, e, false);
          earlierFailures.forEach(failure::addSuppressed);
          throw failure;
        }
        Duration wait = retryPolicy.backoff(attempt);
        LOG.log(
            DEBUG,
            () ->
                request.method()
                    + " "
                    + request.uri()
                    + " failed ("
                    + e.getClass().getSimpleName()
                    + ": "
                    + e.getMessage()
                    + "); retrying in "
                    + wait.toMillis()
                    + " ms");
        earlierFailures.add(e);
        notify(
            options,
            new RetryNotice(
                request.method(),
                request.uri(),
                attempt,
                retries,
                wait,
                OptionalInt.empty(),
                "",
                Optional.of(e)));
        sleep(wait, request, attempt);
        continue;
      } catch (InterruptedException e) {
        throw interrupted(request, attempt, e);
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      if (decision[0].retry()) {
        LOG.log(
            DEBUG,
            () ->
                request.method()
                    + " "
                    + request.uri()
                    + " -> "
                    + response.statusCode()
                    + " in "
                    + millis
                    + " ms; retrying in "
                    + decision[0].delay().toMillis()
                    + " ms ("
                    + decision[0].note()
                    + ")");
        notify(
            options,
            new RetryNotice(
                request.method(),
                request.uri(),
                attempt,
                retries,
                decision[0].delay(),
                OptionalInt.of(response.statusCode()),
                decode(response.body(), response.headers()),
                Optional.empty()));
        sleep(decision[0].delay(), request, thisAttempt);
        continue;
      }
      LOG.log(
          DEBUG,
          () ->
              request.method()
                  + " "
                  + request.uri()
                  + " -> "
                  + response.statusCode()
                  + " in "
                  + millis
                  + " ms, "
                  + response.body().length
                  + " bytes");
      return answer(call, request, response, decision[0], attempt);
    }
  }

  private static void notify(RequestOptions options, RetryNotice notice) {
    options.onRetry().ifPresent(listener -> listener.accept(notice));
  }

  /** Reads a body to its end and keeps its first {@code limit} bytes. */
  private static BodySubscriber<byte[]> firstBytes(int limit) {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    Flow.Subscriber<List<ByteBuffer>> reader =
        new Flow.Subscriber<>() {
          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
              int n = Math.min(buffer.remaining(), limit - kept.size());
              if (n > 0) {
                byte[] bytes = new byte[n];
                buffer.get(bytes);
                kept.write(bytes, 0, n);
              }
            }
          }

          @Override
          public void onError(Throwable failure) {
            // the answer fails as a whole; fromSubscriber reports it
          }

          @Override
          public void onComplete() {
            // the finisher reads what was kept
          }
        };
    return BodySubscribers.fromSubscriber(reader, r -> kept.toByteArray());
  }

  /**
   * Whether the failure came before the request went out: the connection was refused, could not be
   * resolved, or timed out while connecting. Anything later (a reset, a request timeout) may have
   * reached the server.
   */
  static boolean neverSent(IOException e) {
    return e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
  }

  private HttpRequest buildRequest(Call<?> call, RequestOptions options) {
    String key =
        options
            .apiKey()
            .orElse(call.credential() == Call.Credential.OPERATOR_KEY ? operatorKey : apiKey);
    if (key == null) {
      throw new IllegalStateException(
          call.credential() == Call.Credential.OPERATOR_KEY
              ? "no operator key: pass one to TallyClient.builder().operatorKey(...) or "
                  + "RequestOptions.builder().apiKey(...), or set "
                  + TallyClient.OPERATOR_KEY_ENV
              : "no API key: pass one to TallyClient.builder().apiKey(...) or "
                  + "RequestOptions.builder().apiKey(...), or set "
                  + TallyClient.API_KEY_ENV
                  + " or "
                  + TallyClient.FALLBACK_API_KEY_ENV);
    }
    String uri = baseUrl + call.path() + (call.query().isEmpty() ? "" : "?" + call.query());
    HttpRequest.BodyPublisher body =
        call.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(call.body());
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(uri))
            .method(call.method(), body)
            .timeout(options.timeout().orElse(requestTimeout))
            .header("Accept", call.type() == byte[].class ? "*/*" : "application/json")
            .header("Authorization", "Bearer " + key)
            .header("Cc-Version", options.apiVersion().orElse(apiVersion))
            .header("User-Agent", userAgent);
    options.headers().forEach(builder::header);
    if (call.body() != null) {
      // Set last, so an extra header of the same name cannot make it two.
      builder.setHeader("Content-Type", "application/json");
    }
    return builder.build();
  }

  private void sleep(Duration wait, HttpRequest request, int attempt) {
    try {
      retryPolicy.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      throw interrupted(request, attempt, e);
    }
  }

  private static TransportException interrupted(
      HttpRequest request, int attempt, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new TransportException(request.method(), request.uri(), attempt, e, true);
  }

  private <T> ApiResponse<T> answer(
      Call<T> call,
      HttpRequest request,
      HttpResponse<byte[]> response,
      Decision decision,
      int attempts) {
    int status = response.statusCode();
    byte[] body = response.body();
    HttpHeaders headers = response.headers();
    String text = decode(body, headers);
    if (status >= 200 && status <= 299 && call.type() == byte[].class) {
      // A document (PDF, CSV): the body as it came.
      @SuppressWarnings("unchecked")
      T bytes = (T) body;
      return new ApiResponse<>(status, headers, bytes, attempts);
    }
    if (status >= 200 && status <= 299) {
      String expected = "a JSON " + call.type().getSimpleName();
      try {
        T value =
            MAPPER
                .readerFor(call.type())
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readValue(body);
        if (value == null) {
          throw unexpected(
              request, expected, response, text, "the body is JSON null", null, attempts);
        }
        return new ApiResponse<>(status, headers, value, attempts);
      } catch (JsonProcessingException e) {
        throw unexpected(request, expected, response, text, problem(e), e, attempts);
      } catch (IOException e) {
        throw unexpected(request, expected, response, text, e.toString(), e, attempts);
      }
    }
    Status error = parseStatus(body);
    if (error == null) {
      throw unexpected(
          request,
          "a JSON error body {code, message, details}",
          response,
          text,
          null,
          null,
          attempts);
    }
    throw ApiException.of(
        new ApiException.Failure(
            request.method(),
            request.uri(),
            status,
            error,
            text,
            headers,
            decision.retryAfter().orElse(null),
            attempts,
            decision.note()));
  }

  /**
   * The error body as a {@link Status}, or {@code null} unless it is an object with an integer
   * code.
   */
  private static Status parseStatus(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null
          || !node.isObject()
          || !node.path("code").isIntegralNumber()
          || !node.path("code").canConvertToInt()) {
        return null;
      }
      return MAPPER.treeToValue(node, Status.class);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static UnexpectedResponseException unexpected(
      HttpRequest request,
      String expected,
      HttpResponse<byte[]> response,
      String text,
      String problem,
      Throwable cause,
      int attempts) {
    return new UnexpectedResponseException(
        request.method(),
        request.uri(),
        expected,
        response.statusCode(),
        response.headers(),
        response.body(),
        text,
        problem,
        cause,
        attempts);
  }

  /** Jackson's own first line, without the location boilerplate. */
  private static String problem(JsonProcessingException e) {
    String message =
        Objects.requireNonNullElse(e.getOriginalMessage(), e.getClass().getSimpleName());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** The body as text in the charset the {@code Content-Type} names, else UTF-8. */
  static String decode(byte[] body, HttpHeaders headers) {
    Charset charset = StandardCharsets.UTF_8;
    Matcher m = CHARSET.matcher(headers.firstValue("Content-Type").orElse(""));
    if (m.find()) {
      try {
        charset = Charset.forName(m.group(1));
      } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
        // keep UTF-8
      }
    }
    return new String(body, charset);
  }
}
