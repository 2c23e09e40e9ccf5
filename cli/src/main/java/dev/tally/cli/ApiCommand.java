package dev.tally.cli;

import dev.tally.cli.format.OutputFormat;
import dev.tally.cli.options.ApiOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that calls the Billing API over HTTP with the SDK, as any API client would; unlike an
 * {@link OperatorCommand} it never touches the database. Its failures are the SDK's exceptions,
 * which {@link Main} turns into one line and an exit code.
 */
abstract class ApiCommand implements Callable<Integer> {

  @Mixin ApiOptions api;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      completionCandidates = OutputFormat.Names.class,
      description =
          "table (default): aligned for reading; json: the API's JSON; csv: one row per line item.")
  OutputFormat output;

  @Spec CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
