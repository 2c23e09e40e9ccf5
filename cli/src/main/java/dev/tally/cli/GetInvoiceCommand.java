package dev.tally.cli;

import dev.tally.cli.format.InvoiceTableFormat;
import dev.tally.cli.format.JsonFormat;
import dev.tally.client.GetInvoiceRequest;
import dev.tally.client.TallyClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tally invoices get}: GET /api/v1/invoices/{invoice_id}. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Show one invoice: what it was made of, per cluster, with adjustments, totals and balances.",
      "Calls the Billing API at --url with the API key from $TALLY_API_KEY or --api-key-file;",
      "-o pdf and -o csv download the invoice from Tally's /tally/v1/invoices/ID/pdf and /csv",
      "(the CSV's amount column sums to the invoice's totals, adjustments and credits included)."
    },
    footer = {
      "",
      "Examples:",
      "  tally invoices get inv-2026-10",
      "  tally invoices get inv-2026-10 -o json | jq '.totals'",
      "  tally invoices get inv-2026-10 -o pdf > inv-2026-10.pdf   # the printable one",
      "  tally invoices get inv-2026-10 -o csv > inv-2026-10.csv   # line items",
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

  /** What {@code invoices get} prints. */
  enum Format {
    TABLE,
    JSON,
    CSV,
    PDF;

    /** The names as typed and completed: lower case. */
    static final class Names implements Iterable<String> {
      @Override
      public java.util.Iterator<String> iterator() {
        return java.util.Arrays.stream(values())
            .map(f -> f.name().toLowerCase(java.util.Locale.ROOT))
            .iterator();
      }
    }
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      completionCandidates = Format.Names.class,
      description =
          "table (default): aligned for reading; json: the API's JSON; csv: the invoice's line"
              + " items and adjustments from the server; pdf: the printable invoice (redirect it"
              + " to a file).")
  Format output;

  @Override
  public Integer call() throws IOException {
    if (output == Format.PDF && binary.isTerminal()) {
      throw CliException.invalid(
          "a PDF is not for the terminal: redirect it, as in tally invoices get "
              + invoiceId
              + " -o pdf > invoice.pdf");
    }
    try (TallyClient tally = api.connect()) {
      switch (output) {
        case TABLE -> out().print(InvoiceTableFormat.detail(request(tally).execute()));
        case JSON -> out().print(JsonFormat.of(request(tally).execute()));
        case CSV ->
            out()
                .print(
                    new String(
                        checked(() -> tally.extensions().invoiceCsv(invoiceId)).execute(),
                        StandardCharsets.UTF_8));
        case PDF -> {
          byte[] pdf = checked(() -> tally.extensions().invoicePdf(invoiceId)).execute();
          out().flush();
          binary.stream().write(pdf);
          binary.stream().flush();
        }
      }
      out().flush();
      return ExitCode.OK;
    }
  }

  private GetInvoiceRequest request(TallyClient tally) {
    return checked(() -> tally.billing().getInvoice(invoiceId));
  }

  private <R> R checked(Supplier<R> request) {
    try {
      return request.get();
    } catch (IllegalArgumentException e) {
      throw CliException.invalid("INVOICE_ID cannot be '" + invoiceId + "'");
    }
  }
}
