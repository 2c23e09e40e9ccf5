package dev.tally.client;

import java.util.Objects;

/**
 * One request to a Tally server's own read routes ({@code /tally/v1/...}), made by {@link
 * ExtensionsApi}. Nothing is left to refine but {@link #options(RequestOptions)}. Immutable; a GET,
 * so retried like the Billing API's requests.
 *
 * @param <T> the answer: a record of {@code dev.tally.model.extensions}, or {@code byte[]} for a
 *     document
 */
public final class ExtensionRequest<T> extends ApiRequest<T> {

  private final Call<T> call;

  ExtensionRequest(HttpCaller caller, RequestOptions options, Call<T> call) {
    super(caller, options);
    this.call = Objects.requireNonNull(call, "call");
  }

  @Override
  public ExtensionRequest<T> options(RequestOptions options) {
    return new ExtensionRequest<>(caller, Objects.requireNonNull(options, "options"), call);
  }

  @Override
  Call<T> call() {
    return call;
  }

  /** The method and path, such as {@code GET /tally/v1/credits}. */
  @Override
  public String toString() {
    return call.method() + " " + call.path();
  }
}
