package dev.tally.client;

import java.util.Objects;

/**
 * One operator API request, made by {@link OperatorApi}: its body is fixed when it is made, so the
 * only thing left to refine is {@link #options(RequestOptions)}. Immutable; it may be run any
 * number of times, and each run sends the same body.
 *
 * @param <T> the answer's model, a record of {@code dev.tally.model.operator}
 */
public final class OperatorRequest<T> extends ApiRequest<T> {

  private final Call<T> call;

  OperatorRequest(HttpCaller caller, RequestOptions options, Call<T> call) {
    super(caller, options);
    this.call = Objects.requireNonNull(call, "call");
  }

  @Override
  public OperatorRequest<T> options(RequestOptions options) {
    return new OperatorRequest<>(caller, Objects.requireNonNull(options, "options"), call);
  }

  /**
   * {@return whether a failed attempt is retried like a GET (true: the request is idempotent), or
   * only when it never reached the server (false)}
   */
  public boolean isIdempotent() {
    return call.retry() == Call.Retry.IDEMPOTENT;
  }

  @Override
  Call<T> call() {
    return call;
  }

  /** The method and path, such as {@code POST /operator/v1/usage-events}. */
  @Override
  public String toString() {
    return call.method() + " " + call.path();
  }
}
