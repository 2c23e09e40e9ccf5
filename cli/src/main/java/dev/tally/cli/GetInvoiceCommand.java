package dev.tally.cli;

import dev.tally.cli.format.InvoiceCsvFormat;
import dev.tally.cli.format.InvoiceTableFormat;
import dev.tally.cli.format.JsonFormat;
import dev.tally.client.GetInvoiceRequest;
import dev.tally.client.TallyClient;
import dev.tally.model.Invoice;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tally invoices get}: GET /api/v1/invoices/{invoice_id}. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Show one invoice: what it was made of, per cluster, with adjustments, totals and balances.",
      "Calls the Billing API at --url with the API key from $TALLY_API_KEY or --api-key-file."
    },
    footer = {
      "",
      "Examples:",
      "  tally invoices get inv-2026-10",
      "  tally invoices get inv-2026-10 -o json | jq '.totals'",
      "",
      "Exit codes: 0 ok, 2 invalid input, 3 not found, 4 no or rejected API key,",
      "5 server or network.",
      "Add --debug for a stack trace on failure."
    })
final class GetInvoiceCommand extends ApiCommand {

  @Parameters(
      index = "0",
      paramLabel = "INVOICE_ID",
      description = "The invoice's ID, as `tally invoices list` shows.")
  String invoiceId;

  @Override
  public Integer call() {
    try (TallyClient tally = api.connect()) {
      Invoice invoice = request(tally).execute();
      out()
          .print(
              switch (output) {
                case TABLE -> InvoiceTableFormat.detail(invoice);
                case JSON -> JsonFormat.of(invoice);
                case CSV -> InvoiceCsvFormat.of(List.of(invoice));
              });
      out().flush();
      return ExitCode.OK;
    }
  }

  private GetInvoiceRequest request(TallyClient tally) {
    try {
      return tally.billing().getInvoice(invoiceId);
    } catch (IllegalArgumentException e) {
      throw CliException.invalid("INVOICE_ID cannot be '" + invoiceId + "'");
    }
  }
}
