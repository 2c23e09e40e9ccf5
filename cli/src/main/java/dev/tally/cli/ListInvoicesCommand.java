package dev.tally.cli;

import dev.tally.cli.format.InvoiceCsvFormat;
import dev.tally.cli.format.InvoiceTableFormat;
import dev.tally.cli.format.JsonFormat;
import dev.tally.cli.format.OutputFormat;
import dev.tally.cli.options.TimeBoundConverter;
import dev.tally.client.ListInvoicesRequest;
import dev.tally.client.TallyClient;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.ListInvoicesResponse;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tally invoices list}: GET /api/v1/invoices. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "List the organization's invoices, oldest billing period first: what was paid each month.",
      "Lists the invoices whose whole billing period lies in [--from, --to).",
      "Calls the Billing API at --url with the API key from $TALLY_API_KEY or --api-key-file."
    },
    footer = {
      "",
      "Examples:",
      "  # What was paid each month of 2026:",
      "  tally invoices list --status FINALIZED --from 2026-01 --to 2027-01",
      "  # Every line item of those invoices, for a spreadsheet:",
      "  tally invoices list --status FINALIZED --from 2026-01 --to 2027-01 -o csv \\",
      "      > 2026.csv",
      "",
      "Exit codes: 0 ok, 2 invalid input, 3 not found, 4 no or rejected API key,",
      "5 server or network.",
      "Add --debug for a stack trace on failure."
    })
final class ListInvoicesCommand extends ApiCommand {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      completionCandidates = OutputFormat.Names.class,
      description =
          "table (default): aligned for reading; json: the API's JSON; csv: one row per line item.")
  OutputFormat output;

  /** The statuses one can filter by; the wire's UNKNOWN is no filter. */
  enum StatusFilter {
    FINALIZED,
    DRAFT
  }

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "Only FINALIZED or only DRAFT invoices.")
  StatusFilter status;

  @Option(
      names = "--from",
      paramLabel = "DATE",
      converter = TimeBoundConverter.class,
      description = {
        "Only periods starting at or after DATE: a month (2026-01), a day (2026-01-01, UTC) or an "
            + "RFC 3339 time. Default: when the organization was created."
      })
  Instant from;

  @Option(
      names = "--to",
      paramLabel = "DATE",
      converter = TimeBoundConverter.class,
      description = {
        "Only periods ending by DATE, exclusive, in the same forms: --to 2026-11 lists up to "
            + "October's invoice. Default: through the running month, its DRAFT included."
      })
  Instant to;

  @Override
  public Integer call() {
    try (TallyClient tally = api.connect()) {
      ListInvoicesRequest request = tally.billing().listInvoices().startTime(from).endTime(to);
      if (status != null) {
        request = request.status(InvoiceStatus.valueOf(status.name()));
      }
      ListInvoicesResponse response = request.execute();
      out()
          .print(
              switch (output) {
                case TABLE -> InvoiceTableFormat.list(response.invoices());
                case JSON -> JsonFormat.of(response);
                case CSV -> InvoiceCsvFormat.of(response.invoices());
              });
      out().flush();
      return ExitCode.OK;
    }
  }
}
