package dev.tally.cli;

import dev.tally.cli.options.SettingVariables;
import java.io.PrintWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A mistyped command line is one line on stderr, {@code error: <what> (see 'tally ... --help')},
 * and exit code 2, like every other failure; the full usage would bury the one line that matters. A
 * bad value that came from an environment variable (an option's {@code ${env:...}} default, the way
 * a service is configured) names the variable, not a flag nobody passed. The parser's own phrases
 * ("is not an int") are said in Tally's words.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

  private static final Pattern INVALID_VALUE =
      Pattern.compile("^Invalid value for option '([^']+)': (.*)$");

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
    message = inTallysWords(message, e, args);
    err.println(
        "error: " + message + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** "--port: 'abc' is not a whole number", or "TALLY_PORT (for --port): ..." from the variable. */
  static String inTallysWords(String message, ParameterException e, String[] args) {
    Matcher invalid = INVALID_VALUE.matcher(message);
    if (!invalid.matches()) {
      return message;
    }
    String reason =
        invalid
            .group(2)
            .replaceAll(
                "^'([+-]?[0-9]+)' is not an? (int|long|short|byte|Integer|Long)$",
                "'$1' is too large")
            .replaceAll("is not an? (int|long|short|byte|Integer|Long)$", "is not a whole number")
            .replaceAll("is not an? (double|float|Double|Float)$", "is not a number");
    String option = invalid.group(1);
    String variable = variableBehind(e, args);
    return (variable == null ? option : variable + " (for " + option + ")") + ": " + reason;
  }

  /** The environment variable the option's value came from, or null if it came from the line. */
  private static String variableBehind(ParameterException e, String[] args) {
    if (!(e.getArgSpec() instanceof OptionSpec option)) {
      return null;
    }
    String variable = SettingVariables.variableOf(option);
    if (variable == null) {
      return null;
    }
    for (String arg : args) {
      for (String name : option.names()) {
        if (arg.equals(name) || arg.startsWith(name + "=")) {
          return null;
        }
      }
    }
    return variable;
  }
}
