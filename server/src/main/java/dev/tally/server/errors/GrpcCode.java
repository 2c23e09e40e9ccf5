package dev.tally.server.errors;

/**
 * The gRPC status codes the reference API reports in {@code Status.code}, each with the HTTP status
 * that grpc-gateway (which fronts the reference API) pairs it with.
 */
public enum GrpcCode {
  INVALID_ARGUMENT(3, 400),
  NOT_FOUND(5, 404),
  ALREADY_EXISTS(6, 409),
  PERMISSION_DENIED(7, 403),
  RESOURCE_EXHAUSTED(8, 429),
  FAILED_PRECONDITION(9, 400),
  UNIMPLEMENTED(12, 501),
  INTERNAL(13, 500),
  UNAVAILABLE(14, 503),
  UNAUTHENTICATED(16, 401);

  private final int number;
  private final int httpStatus;

  GrpcCode(int number, int httpStatus) {
    this.number = number;
    this.httpStatus = httpStatus;
  }

  public int number() {
    return number;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The code for an HTTP status that arose outside our handlers (routing, Jetty's own checks). */
  public static GrpcCode forHttpStatus(int status) {
    return switch (status) {
      case 401 -> UNAUTHENTICATED;
      case 403 -> PERMISSION_DENIED;
      case 404 -> NOT_FOUND;
      // grpc-gateway answers an unrouted method with 405 and UNIMPLEMENTED.
      case 405, 501 -> UNIMPLEMENTED;
      case 409 -> ALREADY_EXISTS;
      case 429 -> RESOURCE_EXHAUSTED;
      case 503 -> UNAVAILABLE;
      default -> status >= 500 ? INTERNAL : INVALID_ARGUMENT;
    };
  }
}
