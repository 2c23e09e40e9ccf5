package dev.tally.cli;

import dev.tally.cli.format.DecimalText;
import dev.tally.cli.format.Table;
import dev.tally.cli.options.AmountConverter;
import dev.tally.cli.options.TimeBoundConverter;
import dev.tally.engine.CreditGrant;
import dev.tally.server.Stores;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "credits", mixinStandardHelpOptions = true,
    description = "Grant and list prepaid credits (CRDB_CLOUD_CREDITS; one pays one USD).",
    subcommands = {CreditsCommand.Grant.class, CreditsCommand.ListGrants.class})
final class CreditsCommand {

  @Command(name = "grant", mixinStandardHelpOptions = true,
      description = {"Grant an organization credits, usable from --starts until --expires;",
          "prints the grant's id. Dates are days (2026-01-01, at midnight UTC),",
          "months (2026-01) or RFC 3339 times."})
  static final class Grant extends OperatorCommand {
    @Option(names = "--org", required = true, paramLabel = "ORG", description = "The organization id.") String org;
    @Option(names = "--amount", required = true, paramLabel = "AMOUNT", converter = AmountConverter.class,
        description = "Credits, in whole cents: 500.00.") BigDecimal amount;
    @Option(names = "--starts", required = true, paramLabel = "DATE", converter = TimeBoundConverter.class,
        description = "When the credits become usable (inclusive).") Instant starts;
    @Option(names = "--expires", required = true, paramLabel = "DATE", converter = TimeBoundConverter.class,
        description = "When they expire (exclusive).") Instant expires;

    @Override
    public Integer call() {
      try (Stores stores = database.open()) {
        CreditGrant grant = stores.credits().grant(org, amount, starts, expires);
        err().println("granted " + DecimalText.money(grant.amount()) + " credits to " + org + ", usable from "
            + grant.startsAt() + " until " + grant.expiresAt());
        out().println(grant.id());
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List an organization's credit grants.")
  static final class ListGrants extends OperatorCommand {
    @Option(names = "--org", required = true, paramLabel = "ORG", description = "The organization id.") String org;

    @Override
    public Integer call() {
      try (Stores stores = database.open()) {
        stores.organizations().require(org);
        List<CreditGrant> grants = stores.credits().grants(org);
        if (grants.isEmpty()) {
          out().println("no credit grants");
          return ExitCode.OK;
        }
        Table table = new Table("ID", "AMOUNT", "STARTS", "EXPIRES").alignRight(1);
        grants.forEach(g -> table.row(g.id(), DecimalText.money(g.amount()), g.startsAt().toString(),
            g.expiresAt().toString()));
        out().print(table.render());
        out().flush();
        return ExitCode.OK;
      }
    }
  }
}
