package dev.tally.cli;

import dev.tally.cli.options.ApiOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that calls the Billing API over HTTP with the SDK, as any API client would; unlike an
 * {@link OperatorCommand} it never touches the database. Its failures are the SDK's exceptions,
 * which {@link Main} turns into one line and an exit code.
 */
abstract class ApiCommand implements Callable<Integer> {

  @Mixin ApiOptions api;

  /** Where bytes that are not text go; set by {@link EnvironmentFactory}. */
  BinaryOutput binary;

  @Spec CommandSpec spec;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
