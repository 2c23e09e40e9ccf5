package dev.tally.server.errors;

import dev.tally.model.GrpcCode;
import java.util.Objects;

/**
 * A request that cannot be served, with a message fit for the caller. Thrown by any layer; the HTTP
 * layer turns it into a {@code Status} body and the CLI into one line on stderr. Messages never
 * carry SQL, stack traces or secrets.
 */
public final class Failure extends RuntimeException {

  private final GrpcCode code;
  private final int httpStatus;

  public Failure(GrpcCode code, int httpStatus, String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.httpStatus = httpStatus;
  }

  public Failure(GrpcCode code, String message) {
    this(code, code.httpStatus(), message);
  }

  public static Failure invalid(String message) {
    return new Failure(GrpcCode.INVALID_ARGUMENT, message);
  }

  public static Failure notFound(String message) {
    return new Failure(GrpcCode.NOT_FOUND, message);
  }

  public static Failure alreadyExists(String message) {
    return new Failure(GrpcCode.ALREADY_EXISTS, message);
  }

  public static Failure failedPrecondition(String message) {
    return new Failure(GrpcCode.FAILED_PRECONDITION, message);
  }

  public static Failure unauthenticated(String message) {
    return new Failure(GrpcCode.UNAUTHENTICATED, message);
  }

  public static Failure permissionDenied(String message) {
    return new Failure(GrpcCode.PERMISSION_DENIED, message);
  }

  public GrpcCode code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
