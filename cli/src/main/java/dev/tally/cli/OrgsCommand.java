package dev.tally.cli;

import dev.tally.server.Tally;
import dev.tally.server.orgs.IdRules;
import dev.tally.server.orgs.Organization;
import dev.tally.model.BillingPeriod;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "orgs", mixinStandardHelpOptions = true, description = "Create and list organizations.",
    subcommands = {OrgsCommand.Create.class, OrgsCommand.ListOrgs.class})
final class OrgsCommand {

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an organization; prints its id.")
  static final class Create extends OperatorCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The organization's display name.")
    String name;

    @Option(names = "--id", description = "Use this id instead of a random UUID.")
    String id;

    @Option(names = "--billing-start", paramLabel = "YYYY-MM", converter = PeriodConverter.class,
        description = "The first month billed (default: this month, UTC); earlier to backfill usage history.")
    BillingPeriod billingStart;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        Instant now = tally.clock().instant();
        YearMonth start = billingStart != null ? billingStart.month() : YearMonth.from(now.atOffset(ZoneOffset.UTC));
        String orgId = id == null ? IdRules.random() : id;
        Organization org = tally.tx().write(db -> db.organizations().create(orgId, name, now, start));
        out().println(org.id());
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List organizations.")
  static final class ListOrgs extends OperatorCommand {

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        Table table = new Table("ID", "NAME", "CREATED", "BILLED_FROM");
        tally.tx().read(db -> db.organizations().list())
            .forEach(o -> table.row(o.id(), o.name(), o.createdAt().toString(), o.billingStart().toString()));
        out().print(table.render());
        return ExitCode.OK;
      }
    }
  }
}
