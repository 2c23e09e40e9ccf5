package dev.tally.cli;

import dev.tally.cli.format.Counted;
import dev.tally.cli.options.PeriodConverter;
import dev.tally.model.BillingPeriod;
import dev.tally.server.Tally;
import dev.tally.server.invoices.PeriodClose;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tally invoices close}: finalize a month for every organization, as the server's scheduler
 * does.
 */
@Command(
    name = "close",
    mixinStandardHelpOptions = true,
    description = {
      "Close a billing month for every organization that existed before it ended.",
      "Closing rates the month, finalizes its invoice and draws its credits. The month must have "
          + "ended. Idempotent: a month already closed stays as it is, so running it again only "
          + "reports that. An organization's earlier months still open are closed first, in order."
    })
final class CloseInvoicesCommand extends OperatorCommand {

  @Option(
      names = "--period",
      required = true,
      paramLabel = "YYYY-MM",
      converter = PeriodConverter.class,
      description = "The month to close.")
  BillingPeriod period;

  @Override
  public Integer call() {
    try (Tally tally = database.open()) {
      tally.priceBooks().loadDefaultIfEmpty();
      PeriodClose.Summary summary = tally.periodClose().closeAll(period);
      long existed = summary.closed() + summary.alreadyClosed();
      long alreadyClosed = summary.alreadyClosed();
      out()
          .println(
              "billing period "
                  + period
                  + ": "
                  + Counted.of(summary.closed(), "invoice")
                  + " finalized now, "
                  + alreadyClosed
                  + " already closed"
                  + (existed == 0 ? " (no organization existed before " + period.end() + ")" : ""));
      return ExitCode.OK;
    }
  }
}
