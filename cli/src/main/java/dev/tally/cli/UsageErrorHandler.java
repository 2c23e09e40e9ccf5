package dev.tally.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A mistyped command line is one line on stderr, {@code error: <what> (see 'tally ... --help')},
 * and exit code 2, like every other failure; the full usage would bury the one line that matters.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    String message =
        e.getMessage() == null
            ? "invalid arguments"
            : e.getMessage().lines().findFirst().orElse("");
    if (e instanceof UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      message += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
    }
    err.println(
        "error: " + message + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }
}
