package dev.tally.cli;

import dev.tally.cli.format.Counted;
import dev.tally.model.Invoice;
import dev.tally.model.WireJson;
import dev.tally.server.Tally;
import dev.tally.server.invoices.InvoiceDocuments;
import dev.tally.server.invoices.InvoiceImport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "invoices",
    mixinStandardHelpOptions = true,
    description = {
      "Invoice commands.",
      "list, get and explain read invoices through the API over HTTP, as any API client does;",
      "the others are operator commands."
    },
    subcommands = {
      ListInvoicesCommand.class,
      GetInvoiceCommand.class,
      ExplainInvoiceCommand.class,
      InvoicesCommand.Import.class,
      CloseInvoicesCommand.class,
      VerifyInvoicesCommand.class
    })
final class InvoicesCommand {

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Import invoices in the reference Invoice JSON shape into an organization.",
        "FILE holds one invoice, an array of invoices, or {\"invoices\": [...]}.",
        "Idempotent on invoice_id: importing the same file twice changes nothing.",
        "All invoices in the file are validated before any is stored."
      })
  static final class Import extends OperatorCommand {
    @Option(
        names = "--org",
        required = true,
        description = "The organization the invoices belong to.")
    String org;

    @Parameters(index = "0", paramLabel = "FILE", description = "The JSON file.")
    Path file;

    @Override
    public Integer call() throws IOException {
      String document = TextFile.readUtf8(file);
      try (Tally tally = database.open()) {
        tally.tx().read(db -> db.organizations().require(org));
        List<Invoice> invoices = new InvoiceImport(WireJson.mapper()).parse(document);
        Map<InvoiceDocuments.Outcome, Integer> outcomes =
            new EnumMap<>(InvoiceDocuments.Outcome.class);
        for (Invoice invoice : invoices) {
          outcomes.merge(
              tally.tx().write(db -> InvoiceImport.store(db, org, invoice)), 1, Integer::sum);
        }
        out()
            .printf(
                "imported %s: %d created, %d updated, %d unchanged%n",
                Counted.of(invoices.size(), "invoice"),
                outcomes.getOrDefault(InvoiceDocuments.Outcome.CREATED, 0),
                outcomes.getOrDefault(InvoiceDocuments.Outcome.UPDATED, 0),
                outcomes.getOrDefault(InvoiceDocuments.Outcome.UNCHANGED, 0));
        return ExitCode.OK;
      }
    }
  }
}
