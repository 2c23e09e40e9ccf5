package dev.tally.cli;

import dev.tally.server.Tally;
import dev.tally.server.auth.OperatorKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "operator-keys",
    mixinStandardHelpOptions = true,
    description = {
      "Create and revoke operator keys, for the operator API.",
      "An operator key may send usage for every organization: it is for the",
      "metering pipeline and 'tally usage import', never for an organization."
    },
    subcommands = {OperatorKeysCommand.Create.class, OperatorKeysCommand.Revoke.class})
final class OperatorKeysCommand {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create an operator key.",
        "Prints the key id on stderr and the token alone on stdout, so it can be captured:",
        "  tally operator-keys create --name pipeline > op.key"
      })
  static final class Create extends OperatorCommand {
    @Option(
        names = "--name",
        defaultValue = "operator",
        paramLabel = "NAME",
        description = "A label for the key (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        OperatorKeys.Created created =
            tally.tx().write(db -> db.operatorKeys().create(name, tally.clock().instant()));
        err()
            .println(
                "created operator key "
                    + created.id()
                    + " ("
                    + name.strip()
                    + "); the token below is shown "
                    + "only this once and grants the whole operator API: keep it secret");
        out().println(created.token());
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke an operator key at once.")
  static final class Revoke extends OperatorCommand {
    @Parameters(
        index = "0",
        paramLabel = "KEY_ID",
        description = "The key id (the middle part of the token).")
    String keyId;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        out()
            .println(
                tally.tx().write(db -> db.operatorKeys().revoke(keyId, tally.clock().instant()))
                    ? "revoked operator key " + keyId
                    : "operator key " + keyId + " was already revoked");
        return ExitCode.OK;
      }
    }
  }
}
