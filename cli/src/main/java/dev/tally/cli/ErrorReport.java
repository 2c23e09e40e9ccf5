package dev.tally.cli;

import dev.tally.client.TallyException;
import dev.tally.model.GrpcCode;
import dev.tally.server.errors.Failure;
import dev.tally.server.store.StoreException;

/**
 * What a failed command says on stderr and which exit code it ends with. The one place that knows
 * the kinds of failure a command can meet: the CLI's own {@link CliException}, a {@code Failure}
 * from the server's components that operator commands call in process, a {@code StoreException}
 * when the database fails under them (exit code 5, as the server answers it with 503), and the
 * SDK's {@link TallyException} from a Billing API call.
 */
final class ErrorReport {

  private ErrorReport() {}

  static String message(Exception e) {
    return switch (e) {
      case CliException c -> c.getMessage();
      case Failure f -> f.getMessage();
      case StoreException s -> DatabaseErrorMessage.duringCommand(s);
      case TallyException t -> ApiErrorMessage.of(t);
      default -> {
        String message = e.getMessage();
        yield message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
      }
    };
  }

  static int exitCode(Exception e) {
    return switch (e) {
      case CliException c -> c.exitCode();
      case Failure f -> exitCode(f.code());
      case StoreException s -> ExitCode.SERVER_OR_NETWORK;
      case TallyException t -> ApiErrorMessage.exitCode(t);
      default -> ExitCode.FAILURE;
    };
  }

  private static int exitCode(GrpcCode code) {
    return switch (code) {
      case INVALID_ARGUMENT -> ExitCode.INVALID_INPUT;
      case NOT_FOUND -> ExitCode.NOT_FOUND;
      case UNAUTHENTICATED, PERMISSION_DENIED -> ExitCode.AUTH;
      case ALREADY_EXISTS, FAILED_PRECONDITION -> ExitCode.CONFLICT;
      default -> ExitCode.SERVER_OR_NETWORK;
    };
  }
}
