package dev.tally.cli;

import dev.tally.model.GrpcCode;

/** Exit codes, one per class of failure, so scripts can tell them apart. */
public final class ExitCode {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  /** Bad arguments or input (picocli also uses 2 for usage errors). */
  public static final int INVALID_INPUT = 2;
  public static final int NOT_FOUND = 3;
  public static final int AUTH = 4;
  public static final int SERVER_OR_NETWORK = 5;
  public static final int CONFLICT = 6;

  private ExitCode() {}

  static int of(GrpcCode code) {
    return switch (code) {
      case INVALID_ARGUMENT -> INVALID_INPUT;
      case NOT_FOUND -> NOT_FOUND;
      case UNAUTHENTICATED, PERMISSION_DENIED -> AUTH;
      case ALREADY_EXISTS, FAILED_PRECONDITION -> CONFLICT;
      default -> SERVER_OR_NETWORK;
    };
  }
}
