package dev.tally.cli;

import java.util.Objects;

/**
 * A command that cannot do what was asked, with a message for the person at the terminal and the
 * exit code of its class ({@link ExitCode}). The CLI's own failures are these; a server component's
 * {@code Failure} is translated where every error is reported, in {@link ErrorReport}.
 */
public final class CliException extends RuntimeException {

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.exitCode = exitCode;
  }

  /** Bad arguments or input: exit code 2. */
  public static CliException invalid(String message) {
    return new CliException(ExitCode.INVALID_INPUT, message);
  }

  /** What was asked for does not exist: exit code 3. */
  public static CliException notFound(String message) {
    return new CliException(ExitCode.NOT_FOUND, message);
  }

  /** No key, or one that was rejected: exit code 4. */
  public static CliException auth(String message) {
    return new CliException(ExitCode.AUTH, message);
  }

  /** The server failed or could not be reached: exit code 5. */
  public static CliException serverOrNetwork(String message) {
    return new CliException(ExitCode.SERVER_OR_NETWORK, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
