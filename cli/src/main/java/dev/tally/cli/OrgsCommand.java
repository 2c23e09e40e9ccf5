package dev.tally.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.cli.format.Listing;
import dev.tally.cli.options.ListOutputOption;
import dev.tally.cli.options.PeriodConverter;
import dev.tally.model.BillingPeriod;
import dev.tally.server.Tally;
import dev.tally.server.orgs.IdRules;
import dev.tally.server.orgs.Organization;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "orgs",
    mixinStandardHelpOptions = true,
    description = "Create and list organizations.",
    subcommands = {OrgsCommand.Create.class, OrgsCommand.ListOrgs.class})
final class OrgsCommand {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create an organization; prints its id.")
  static final class Create extends OperatorCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The organization's display name.")
    String name;

    @Option(names = "--id", description = "Use this id instead of a random UUID.")
    String id;

    @Option(
        names = "--billing-start",
        paramLabel = "YYYY-MM",
        converter = PeriodConverter.class,
        description =
            "The first month billed (default: this month, UTC); earlier to backfill usage history.")
    BillingPeriod billingStart;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        Instant now = tally.clock().instant();
        YearMonth start =
            billingStart != null
                ? billingStart.month()
                : YearMonth.from(now.atOffset(ZoneOffset.UTC));
        String orgId = id == null ? IdRules.random() : id;
        Organization org =
            tally.tx().write(db -> db.organizations().create(orgId, name, now, start));
        out().println(org.id());
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List organizations.")
  static final class ListOrgs extends OperatorCommand {

    /** An organization in {@code -o json}. */
    record Json(
        String id,
        String name,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("billing_start") String billingStart) {}

    static final Listing<Organization> LISTING =
        new Listing<Organization>(
                "organizations",
                o -> new Json(o.id(), o.name(), o.createdAt(), o.billingStart().toString()))
            .text("id", Organization::id)
            .text("name", Organization::name)
            .text("created", o -> o.createdAt().toString())
            .text("billing_start", o -> o.billingStart().toString());

    @Mixin ListOutputOption output;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        out()
            .print(
                LISTING.render(output.format(), tally.tx().read(db -> db.organizations().list())));
        out().flush();
        return ExitCode.OK;
      }
    }
  }
}
