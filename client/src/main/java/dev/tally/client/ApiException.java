package dev.tally.client;

import dev.tally.model.GrpcCode;
import dev.tally.model.Status;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The API answered with an error status (not 2xx) and its JSON error body, {@code {"code": ...,
 * "message": ..., "details": [...]}}.
 *
 * <p>The subtype says which status class it was: {@link BadRequestException} (400), {@link
 * UnauthenticatedException} (401), {@link PermissionDeniedException} (403), {@link
 * NotFoundException} (404), {@link RateLimitedException} (429), {@link ServerException} (5xx) and
 * {@link UnexpectedStatusException} for any other status. An error status whose body is not that
 * JSON is an {@link UnexpectedResponseException} instead.
 */
public abstract sealed class ApiException extends TallyException
    permits BadRequestException,
        UnauthenticatedException,
        PermissionDeniedException,
        NotFoundException,
        RateLimitedException,
        ServerException,
        UnexpectedStatusException {

  /** The HTTP status code. */
  private final int statusCode;

  /** The parsed error body; not serializable, so not serialized. */
  private final transient Status status;

  /** The error body as text. */
  private final String rawBody;

  /** The response headers; not serializable, so not serialized. */
  private final transient HttpHeaders headers;

  /** The server's Retry-After, or null. */
  private final Duration retryAfter;

  ApiException(Failure failure) {
    super(
        describe(
            failure.method(),
            failure.uri(),
            "HTTP "
                + failure.statusCode()
                + ", "
                + codeName(failure.status().code())
                + " ("
                + failure.status().code()
                + "): "
                + failure.status().message(),
            failure.attempts(),
            failure.note()),
        null,
        failure.method(),
        failure.uri(),
        failure.attempts());
    this.statusCode = failure.statusCode();
    this.status = failure.status();
    this.rawBody = failure.rawBody();
    this.headers = failure.headers();
    this.retryAfter = failure.retryAfter();
  }

  /** Picks the subtype for an HTTP status. */
  static ApiException of(Failure failure) {
    int s = failure.statusCode();
    return switch (s) {
      case 400 -> new BadRequestException(failure);
      case 401 -> new UnauthenticatedException(failure);
      case 403 -> new PermissionDeniedException(failure);
      case 404 -> new NotFoundException(failure);
      case 429 -> new RateLimitedException(failure);
      default ->
          s >= 500 && s <= 599
              ? new ServerException(failure)
              : new UnexpectedStatusException(failure);
    };
  }

  /** {@return the HTTP status code the server answered with} */
  public int statusCode() {
    return statusCode;
  }

  /** {@return the gRPC status code from the body, such as 16 for {@code UNAUTHENTICATED}} */
  public int code() {
    return status.code();
  }

  /**
   * {@return the gRPC code of {@link #code()}, or empty if the number is not one this build knows}
   */
  public Optional<GrpcCode> grpcCode() {
    return GrpcCode.forCode(status.code());
  }

  /**
   * {@return the gRPC name of {@link #code()}, such as {@code "NOT_FOUND"}; {@code "CODE_<n>"} if
   * unknown}
   */
  public String codeName() {
    return codeName(status.code());
  }

  /** {@return the server's message from the body (never {@code null}; empty if it sent none)} */
  public String serverMessage() {
    return status.message();
  }

  /**
   * {@return the body's {@code details}: protobuf {@code Any}s as JSON maps, each with an {@code
   * @type}}
   */
  public List<Map<String, Object>> details() {
    return status.details();
  }

  /** {@return the whole error body, parsed} */
  public Status status() {
    return status;
  }

  /** {@return the error body exactly as received, decoded as text} */
  public String rawBody() {
    return rawBody;
  }

  /** {@return the response headers} */
  public HttpHeaders headers() {
    return headers;
  }

  /**
   * {@return how long the server asked to wait before trying again ({@code Retry-After}), if it
   * did}
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  static String codeName(int code) {
    return GrpcCode.forCode(code).map(GrpcCode::name).orElse("CODE_" + code);
  }

  /** Everything known about an error answer; the subtypes' one constructor argument. */
  record Failure(
      String method,
      URI uri,
      int statusCode,
      Status status,
      String rawBody,
      HttpHeaders headers,
      Duration retryAfter,
      int attempts,
      String note) {

    Failure {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(rawBody, "rawBody");
      Objects.requireNonNull(headers, "headers");
    }
  }
}
