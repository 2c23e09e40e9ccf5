package dev.tally.cli;

import dev.tally.cli.options.ApiOptions;
import dev.tally.cli.options.DatabaseOptions;
import dev.tally.cli.options.OperatorApiOptions;
import java.util.Map;
import picocli.CommandLine;

/**
 * Makes the command objects as picocli's default factory does, and hands the environment to those
 * that read it, so a run can be given an environment other than the process's (tests do).
 */
final class EnvironmentFactory implements CommandLine.IFactory {

  private final Map<String, String> environment;

  private final BinaryOutput binary;

  EnvironmentFactory(Map<String, String> environment, BinaryOutput binary) {
    this.environment = Map.copyOf(environment);
    this.binary = binary;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    K object = CommandLine.defaultFactory().create(type);
    if (object instanceof ApiOptions options) {
      options.environment = environment;
    }
    if (object instanceof ApiCommand command) {
      command.binary = binary;
    }
    if (object instanceof DatabaseOptions options) {
      options.environment = environment;
    }
    if (object instanceof OperatorApiOptions options) {
      options.environment = environment;
    }
    return object;
  }
}
