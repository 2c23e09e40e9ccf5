package dev.tally.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a command reaches the operator API: the server's URL and an operator key. Deliberately there
 * is no option that takes the key itself.
 */
final class OperatorApiOptions {

  @Option(names = "--url", paramLabel = "URL",
      description = "The Tally server (default: $TALLY_URL, else " + ApiCredentials.DEFAULT_URL + ").")
  String url;

  @Option(names = "--operator-key-file", paramLabel = "FILE",
      description = "Read the operator key from the first line of FILE (default: the key in $"
          + OperatorCredentials.OPERATOR_KEY_ENV + ").")
  Path operatorKeyFile;

  /** The process environment; {@link EnvironmentFactory} sets it, so tests can pass their own. */
  Map<String, String> environment = System.getenv();

  OperatorCredentials credentials() {
    return OperatorCredentials.resolve(url, operatorKeyFile, environment);
  }
}
