package dev.tally.cli.options;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a command reaches the operator API: the server's URL and an operator key. Deliberately there
 * is no option that takes the key itself.
 */
public final class OperatorApiOptions {

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "The Tally server (default: $TALLY_URL, else " + ApiCredentials.DEFAULT_URL + ").")
  String url;

  @Option(
      names = "--operator-key-file",
      paramLabel = "FILE",
      description =
          "Read the operator key from the first line of FILE (default: the key in $"
              + OperatorCredentials.OPERATOR_KEY_ENV
              + ").")
  Path operatorKeyFile;

  /** The process environment; the command line's factory sets it, so tests can pass their own. */
  public Map<String, String> environment = System.getenv();

  public OperatorCredentials credentials() {
    return OperatorCredentials.resolve(url, operatorKeyFile, environment);
  }
}
