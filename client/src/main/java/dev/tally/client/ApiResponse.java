package dev.tally.client;

import java.net.http.HttpHeaders;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful answer: the parsed model together with the HTTP status and headers it came with, as
 * the Go SDK returns its {@code *http.Response} next to the model.
 *
 * @param statusCode the HTTP status code (2xx)
 * @param headers the response headers; names are case-insensitive
 * @param body the parsed model
 * @param attempts how many times the request was sent (1 unless retried)
 * @param <T> the model type
 */
public record ApiResponse<T>(int statusCode, HttpHeaders headers, T body, int attempts) {

  /** Checks that headers and body are present. */
  public ApiResponse {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  /**
   * {@return the first value of a response header, looked up case-insensitively}
   *
   * @param name the header name, in any case
   */
  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }
}
