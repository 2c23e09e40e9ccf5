package dev.tally.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tally.cli.format.DecimalText;
import dev.tally.cli.format.Listing;
import dev.tally.cli.options.AmountConverter;
import dev.tally.cli.options.ListOutputOption;
import dev.tally.cli.options.TimeBoundConverter;
import dev.tally.engine.CreditGrant;
import dev.tally.server.Tally;
import java.math.BigDecimal;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "credits",
    mixinStandardHelpOptions = true,
    description = "Grant and list prepaid credits (CRDB_CLOUD_CREDITS; one pays one USD).",
    subcommands = {CreditsCommand.Grant.class, CreditsCommand.ListGrants.class})
final class CreditsCommand {

  @Command(
      name = "grant",
      mixinStandardHelpOptions = true,
      description = {
        "Grant an organization credits, usable from --starts until --expires; prints the grant's id.",
        "Dates are days (2026-01-01, at midnight UTC), months (2026-01) or RFC 3339 times."
      })
  static final class Grant extends OperatorCommand {
    @Option(
        names = "--org",
        required = true,
        paramLabel = "ORG",
        description = "The organization id.")
    String org;

    @Option(
        names = "--amount",
        required = true,
        paramLabel = "AMOUNT",
        converter = AmountConverter.class,
        description = "Credits, in whole cents: 500.00.")
    BigDecimal amount;

    @Option(
        names = "--starts",
        required = true,
        paramLabel = "DATE",
        converter = TimeBoundConverter.class,
        description = "When the credits become usable (inclusive).")
    Instant starts;

    @Option(
        names = "--expires",
        required = true,
        paramLabel = "DATE",
        converter = TimeBoundConverter.class,
        description = "When they expire (exclusive).")
    Instant expires;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        CreditGrant grant =
            tally
                .tx()
                .write(
                    db ->
                        db.creditGrants()
                            .grant(org, amount, starts, expires, tally.clock().instant()));
        err()
            .println(
                "granted "
                    + DecimalText.money(grant.amount())
                    + " credits to "
                    + org
                    + ", usable from "
                    + grant.startsAt()
                    + " until "
                    + grant.expiresAt());
        out().println(grant.id());
        return ExitCode.OK;
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List an organization's credit grants.")
  static final class ListGrants extends OperatorCommand {
    /** A grant in {@code -o json}; the amount is an exact decimal number of CRDB_CLOUD_CREDITS. */
    record Json(
        String id,
        BigDecimal amount,
        @JsonProperty("starts_at") Instant startsAt,
        @JsonProperty("expires_at") Instant expiresAt) {}

    static final Listing<CreditGrant> LISTING =
        new Listing<CreditGrant>(
                "credit_grants", g -> new Json(g.id(), g.amount(), g.startsAt(), g.expiresAt()))
            .text("id", CreditGrant::id)
            .number("amount", g -> DecimalText.money(g.amount()), g -> g.amount().toPlainString())
            .text("starts", g -> g.startsAt().toString())
            .text("expires", g -> g.expiresAt().toString())
            .whenNone("no credit grants");

    @Option(
        names = "--org",
        required = true,
        paramLabel = "ORG",
        description = "The organization id.")
    String org;

    @Mixin ListOutputOption output;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        tally.tx().read(db -> db.organizations().require(org));
        out()
            .print(
                LISTING.render(
                    output.format(), tally.tx().read(db -> db.creditGrants().list(org))));
        out().flush();
        return ExitCode.OK;
      }
    }
  }
}
