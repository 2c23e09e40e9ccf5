package dev.tally.cli.options;

import dev.tally.cli.format.OutputFormat;
import picocli.CommandLine.Option;

/**
 * {@code -o table|json|csv} of every {@code list} command, parsed as {@code invoices list} parses
 * it.
 */
public final class ListOutputOption {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      completionCandidates = OutputFormat.Names.class,
      description =
          "table (default): aligned for reading; json: {\"<items>\": [...]}; csv: one row per item.")
  OutputFormat format;

  public OutputFormat format() {
    return format;
  }
}
