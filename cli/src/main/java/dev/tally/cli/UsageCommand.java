package dev.tally.cli;

import picocli.CommandLine.Command;

/** {@code tally usage}: metered usage, sent to the server over the operator API. */
@Command(
    name = "usage",
    mixinStandardHelpOptions = true,
    description = "Send metered usage to the server: import a usage file.",
    subcommands = {UsageImportCommand.class})
final class UsageCommand {}
