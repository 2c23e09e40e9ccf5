package dev.tally.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A request ready to run, as the Go SDK's {@code Api...Request}: refine it with its own methods and
 * {@link #options}, then run it with {@link #execute()}, {@link #executeAsync()} or {@link
 * #executeWithResponse()}.
 *
 * <p>Requests are immutable: every refining method returns a new request and leaves this one as it
 * was. So one request may be kept, shared between threads and run any number of times.
 *
 * <p>Every {@code execute} method throws (or completes its future with) a {@link TallyException}:
 * an {@link ApiException} subtype for an error answer, {@link TransportException} when no answer
 * came, {@link UnexpectedResponseException} when the answer is not the expected JSON. It throws
 * {@link IllegalStateException} at once, sending nothing, if there is no key (the API key, or for
 * the operator API the operator key) or the client is closed.
 *
 * @param <T> the model a successful answer parses into
 */
public abstract sealed class ApiRequest<T>
    permits GetInvoiceRequest,
        GetInvoiceProvenanceRequest,
        ListInvoicesRequest,
        OperatorRequest,
        ExtensionRequest {

  final HttpCaller caller;
  final RequestOptions options;

  ApiRequest(HttpCaller caller, RequestOptions options) {
    this.caller = Objects.requireNonNull(caller, "caller");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * The same request with these per-request settings, which replace any given before.
   *
   * @param options overrides of the client's settings
   * @return a new request
   */
  public abstract ApiRequest<T> options(RequestOptions options);

  /** {@return the per-request settings this request runs with} */
  public RequestOptions options() {
    return options;
  }

  /** What to send: path, query and the model of a successful answer. */
  abstract Call<T> call();

  /**
   * Runs the request on this thread, retrying as configured, and returns the model.
   *
   * @return the parsed answer
   * @throws TallyException if the request failed
   */
  public T execute() {
    return executeWithResponse().body();
  }

  /**
   * Runs the request on this thread and returns the model with the HTTP status and headers.
   *
   * @return the parsed answer with its status, headers and attempt count
   * @throws TallyException if the request failed
   */
  public ApiResponse<T> executeWithResponse() {
    return caller.execute(call(), options);
  }

  /**
   * Runs the request on a new virtual thread. The future completes with the model, or exceptionally
   * with the same {@link TallyException} that {@link #execute()} would throw. Cancelling it
   * abandons the request, including any wait before a retry. A closed client or a missing API key
   * throws {@link IllegalStateException} from this call itself.
   *
   * @return the future answer
   */
  public CompletableFuture<T> executeAsync() {
    return caller.executeAsync(call(), options, ApiResponse::body);
  }

  /**
   * {@link #executeAsync()}, with the HTTP status and headers.
   *
   * @return the future answer with its status, headers and attempt count
   */
  public CompletableFuture<ApiResponse<T>> executeWithResponseAsync() {
    return caller.executeAsync(call(), options, response -> response);
  }
}
