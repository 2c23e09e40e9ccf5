package dev.tally.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.cli.format.Listing;
import dev.tally.cli.options.ListOutputOption;
import dev.tally.cli.options.PeriodConverter;
import dev.tally.model.BillingPeriod;
import dev.tally.model.CallerText;
import dev.tally.model.extensions.BillingContact;
import dev.tally.server.Tally;
import dev.tally.server.orgs.BillingContactRules;
import dev.tally.server.orgs.IdRules;
import dev.tally.server.orgs.Organization;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "orgs",
    mixinStandardHelpOptions = true,
    description = "Create, update, show and list organizations.",
    subcommands = {
      OrgsCommand.Create.class,
      OrgsCommand.Update.class,
      OrgsCommand.Show.class,
      OrgsCommand.ListOrgs.class
    })
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

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = {
        "Set an organization's billing contact, printed on its invoice PDFs.",
        "Options left out keep their value; an empty value clears the field."
      },
      footer = {
        "",
        "Examples:",
        "  tally orgs update acme --billing-name 'Acme Inc.' \\",
        "      --billing-address '1 Main Street\\nSpringfield, IL 62701\\nUnited States' \\",
        "      --billing-email billing@acme.example",
        "  tally orgs update acme --billing-email ''        # clears the email",
        "",
        "Limits: name 200 characters on one line; address 1,000 characters in at most",
        "8 lines; email 320 characters shaped name@example.com. No control characters",
        "other than the address's line breaks.",
        "Exit codes: 0 ok, 2 invalid input (or no Tally database in the data directory),",
        "3 no such organization,",
        "5 the database cannot be reached or refuses the connection."
      })
  static final class Update extends OperatorCommand {

    @Parameters(index = "0", paramLabel = "ORG_ID", description = "The organization's id.")
    String id;

    @Option(
        names = "--billing-name",
        paramLabel = "NAME",
        description = "Who invoices are addressed to (a person or company), one line.")
    String billingName;

    @Option(
        names = "--billing-address",
        paramLabel = "ADDRESS",
        description = "Postal address; separate lines with a line break or the two characters \\n.")
    String billingAddress;

    @Option(
        names = "--billing-email",
        paramLabel = "EMAIL",
        description = "Where invoices are sent.")
    String billingEmail;

    @Override
    public Integer call() {
      if (billingName == null && billingAddress == null && billingEmail == null) {
        throw CliException.invalid(
            "nothing to update: give --billing-name, --billing-address or --billing-email");
      }
      try (Tally tally = database.open()) {
        Organization org =
            tally
                .tx()
                .write(
                    db -> {
                      BillingContact now = db.organizations().require(id).billingContact();
                      BillingContact contact =
                          BillingContactRules.require(
                              billingName != null ? billingName : now.name(),
                              billingAddress != null
                                  ? billingAddress.replace("\\n", "\n")
                                  : now.address(),
                              billingEmail != null ? billingEmail : now.email());
                      return db.organizations().updateBillingContact(id, contact);
                    });
        out().print(Show.describe(org));
        out().flush();
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show one organization with its billing contact.")
  static final class Show extends OperatorCommand {

    @Parameters(index = "0", paramLabel = "ORG_ID", description = "The organization's id.")
    String id;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        out().print(describe(tally.tx().read(db -> db.organizations().require(id))));
        out().flush();
        return ExitCode.OK;
      }
    }

    /** The organization as labelled lines; the address's lines indented under the first. */
    static String describe(Organization org) {
      BillingContact contact = org.billingContact();
      StringBuilder out = new StringBuilder();
      out.append("id:              ").append(org.id()).append('\n');
      out.append("name:            ").append(CallerText.lineSafe(org.name())).append('\n');
      out.append("created:         ").append(org.createdAt()).append('\n');
      out.append("billing start:   ").append(org.billingStart()).append('\n');
      out.append("billing name:    ").append(orUnset(contact.name())).append('\n');
      out.append("billing address: ")
          .append(
              contact.address() == null
                  ? "(not set)"
                  : contact
                      .address()
                      .lines()
                      .map(CallerText::lineSafe)
                      .collect(Collectors.joining("\n                 ")))
          .append('\n');
      out.append("billing email:   ").append(orUnset(contact.email())).append('\n');
      return out.toString();
    }

    /** A field as shown: line-safe ({@link CallerText#lineSafe}), or {@code (not set)}. */
    private static String orUnset(String value) {
      return value == null ? "(not set)" : CallerText.lineSafe(value);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List organizations.")
  static final class ListOrgs extends OperatorCommand {

    /** An organization in {@code -o json}. */
    record Json(
        String id,
        String name,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("billing_start") String billingStart,
        @JsonProperty("billing_contact") BillingContact billingContact) {}

    static final Listing<Organization> LISTING =
        new Listing<Organization>(
                "organizations",
                o ->
                    new Json(
                        o.id(),
                        o.name(),
                        o.createdAt(),
                        o.billingStart().toString(),
                        o.billingContact()))
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
