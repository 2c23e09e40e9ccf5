package dev.tally.cli;

import dev.tally.cli.format.DecimalText;
import dev.tally.cli.options.AmountConverter;
import dev.tally.cli.options.PeriodConverter;
import dev.tally.engine.Adjustment;
import dev.tally.model.BillingPeriod;
import dev.tally.model.CallerText;
import dev.tally.server.Tally;
import java.math.BigDecimal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "adjustments",
    mixinStandardHelpOptions = true,
    description = "Organization-level charges and discounts on a month's invoice.",
    subcommands = {AdjustmentsCommand.Add.class})
final class AdjustmentsCommand {

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Add a named adjustment to an organization's invoice for a month that is still open.",
        "A charge when positive (--amount 100.00), a discount when negative (--amount -15.00). "
            + "Adjustments apply in the order they were added; a discount never takes the total "
            + "below zero."
      })
  static final class Add extends OperatorCommand {
    @Option(
        names = "--org",
        required = true,
        paramLabel = "ORG",
        description = "The organization id.")
    String org;

    @Option(
        names = "--period",
        required = true,
        paramLabel = "YYYY-MM",
        converter = PeriodConverter.class,
        description = "The billing month.")
    BillingPeriod period;

    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "What the invoice calls it: \"Premium support\".")
    String name;

    @Option(
        names = "--amount",
        required = true,
        paramLabel = "AMOUNT",
        converter = AmountConverter.class,
        description = "USD in whole cents; negative for a discount.")
    BigDecimal amount;

    @Override
    public Integer call() {
      try (Tally tally = database.open()) {
        Adjustment added =
            tally
                .tx()
                .write(
                    db -> db.adjustments().add(org, period, name, amount, tally.clock().instant()));
        out()
            .println(
                "added \""
                    + CallerText.lineSafe(added.name())
                    + "\" ("
                    + DecimalText.money(added.amount())
                    + " USD) to the "
                    + period
                    + " invoice of "
                    + org);
        return ExitCode.OK;
      }
    }
  }
}
