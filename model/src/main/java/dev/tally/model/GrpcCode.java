package dev.tally.model;

import java.util.Optional;

/**
 * The gRPC status codes that the Billing API reports in {@link Status#code()}, each with the HTTP
 * status that grpc-gateway (which fronts the reference API) pairs it with. This is the one copy of
 * that table: the server answers with it and the SDK names the codes it receives with it.
 *
 * <p>Source: {@code google.rpc.Code} for the numbers, grpc-gateway's {@code HTTPStatusFromCode} for
 * the HTTP statuses.
 */
public enum GrpcCode {
  OK(0, 200),
  CANCELLED(1, 499),
  UNKNOWN(2, 500),
  INVALID_ARGUMENT(3, 400),
  DEADLINE_EXCEEDED(4, 504),
  NOT_FOUND(5, 404),
  ALREADY_EXISTS(6, 409),
  PERMISSION_DENIED(7, 403),
  RESOURCE_EXHAUSTED(8, 429),
  FAILED_PRECONDITION(9, 400),
  ABORTED(10, 409),
  OUT_OF_RANGE(11, 400),
  UNIMPLEMENTED(12, 501),
  INTERNAL(13, 500),
  UNAVAILABLE(14, 503),
  DATA_LOSS(15, 500),
  UNAUTHENTICATED(16, 401);

  private static final GrpcCode[] BY_NUMBER = values();

  private final int number;
  private final int httpStatus;

  GrpcCode(int number, int httpStatus) {
    this.number = number;
    this.httpStatus = httpStatus;
  }

  /** {@return the code's number on the wire, such as 16 for {@code UNAUTHENTICATED}} */
  public int number() {
    return number;
  }

  /** {@return the HTTP status an answer with this code carries, such as 401} */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The code with this number.
   *
   * @param number a {@code Status.code} as received, such as 5
   * @return the code, or empty for a number outside 0..16 (a newer or foreign server's)
   */
  public static Optional<GrpcCode> forCode(int number) {
    // The constants are declared in number order, so the ordinal is the number.
    return number >= 0 && number < BY_NUMBER.length
        ? Optional.of(BY_NUMBER[number])
        : Optional.empty();
  }

  /**
   * The code for an error status that arose without one, such as an unrouted path or a request that
   * Jetty refused before any handler ran. Several codes share an HTTP status; this picks the one
   * the reference API answers with: 405 is {@code UNIMPLEMENTED} (as grpc-gateway answers an
   * unrouted method), 408 (the request took too long to arrive) is {@code DEADLINE_EXCEEDED}, 505
   * (an HTTP version other than 1.0 and 1.1) is {@code UNIMPLEMENTED}, any other 5xx not listed is
   * {@code INTERNAL}, any other status is {@code INVALID_ARGUMENT}.
   *
   * @param status an HTTP error status (4xx or 5xx)
   * @return the code to report with it
   */
  public static GrpcCode forHttpStatus(int status) {
    return switch (status) {
      case 401 -> UNAUTHENTICATED;
      case 403 -> PERMISSION_DENIED;
      case 404 -> NOT_FOUND;
      case 405, 501, 505 -> UNIMPLEMENTED;
      case 408 -> DEADLINE_EXCEEDED;
      case 409 -> ALREADY_EXISTS;
      case 429 -> RESOURCE_EXHAUSTED;
      case 503 -> UNAVAILABLE;
      default -> status >= 500 ? INTERNAL : INVALID_ARGUMENT;
    };
  }
}
