package dev.tally.cli;

import dev.tally.cli.format.Listing;
import dev.tally.cli.format.OutputFormat;
import dev.tally.client.GetInvoiceProvenanceRequest;
import dev.tally.client.TallyClient;
import dev.tally.model.provenance.CreditDrawRow;
import dev.tally.model.provenance.DayRow;
import dev.tally.model.provenance.InvoiceProvenance;
import dev.tally.model.provenance.LineProvenance;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tally invoices explain}: GET /tally/v1/invoices/{invoice_id}/provenance. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Show where an invoice's line items come from: one row per line item and day, with the "
          + "day's quantity, the unit price in force and its source (LIST or CONTRACT), and the "
          + "day's share of the line's total; then which credit grants were drawn on which days.",
      "A line's rows add up to its quantity and total exactly. Works for drafts and finalized "
          + "invoices. Calls Tally at --url with the API key from $TALLY_API_KEY or --api-key-file."
    },
    footer = {
      "",
      "Examples:",
      "  tally invoices explain inv_demo-org_2026-10",
      "  tally invoices explain inv_demo-org_2026-10 --cluster checkout --sku standard.compute",
      "  tally invoices explain inv_demo-org_2026-10 -o csv > days.csv",
      "",
      "Exit codes: 0 ok, 2 invalid input, 3 not found, 4 no or rejected API key,",
      "5 server or network."
    })
final class ExplainInvoiceCommand extends ApiCommand {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      completionCandidates = OutputFormat.Names.class,
      description =
          "table (default): aligned for reading; json: the provenance as the server sends it; csv:"
              + " one row per day of a line item and per credit draw.")
  OutputFormat output;

  @Parameters(
      index = "0",
      paramLabel = "INVOICE_ID",
      description = "The invoice's ID, as `tally invoices list` shows.")
  String invoiceId;

  @Option(
      names = "--cluster",
      paramLabel = "CLUSTER",
      description = "Only this cluster's line items (its id or its name).")
  String cluster;

  @Option(names = "--sku", paramLabel = "SKU", description = "Only this SKU's line items.")
  String sku;

  /** One row of the listing: a day of a line item, or a credit draw (then line is null). */
  record Row(LineProvenance line, DayRow day, CreditDrawRow credit) {}

  @Override
  public Integer call() {
    try (TallyClient tally = api.connect()) {
      InvoiceProvenance provenance = request(tally).execute();
      List<LineProvenance> lines =
          provenance.lineItems().stream()
              .filter(
                  l ->
                      cluster == null
                          || l.clusterId().equals(cluster)
                          || cluster.equals(l.clusterName()))
              .filter(l -> sku == null || l.sku().equals(sku))
              .toList();
      boolean filtered = cluster != null || sku != null;
      if (output == OutputFormat.JSON) {
        out()
            .print(
                dev.tally.cli.format.JsonFormat.of(
                    new InvoiceProvenance(
                        provenance.invoiceId(),
                        provenance.status(),
                        provenance.periodStart(),
                        provenance.periodEnd(),
                        provenance.digest(),
                        lines,
                        filtered ? List.of() : provenance.credits(),
                        filtered ? List.of() : provenance.adjustments())));
        out().flush();
        return ExitCode.OK;
      }
      List<Row> rows = new ArrayList<>();
      for (LineProvenance line : lines) {
        line.days().forEach(day -> rows.add(new Row(line, day, null)));
      }
      if (!filtered) {
        provenance.credits().forEach(c -> rows.add(new Row(null, null, c)));
      }
      out().print(listing().render(output, rows));
      if (output == OutputFormat.TABLE) {
        out()
            .println(
                provenance.status()
                    + (provenance.digest() == null ? "" : "  digest " + provenance.digest()));
      }
      out().flush();
      return ExitCode.OK;
    }
  }

  private static Listing<Row> listing() {
    return new Listing<Row>("rows", r -> r)
        .text("kind", r -> r.line() == null ? "credit" : "usage")
        .text("cluster", r -> r.line() == null ? "" : r.line().clusterName())
        .text("sku", r -> r.line() == null ? "" : r.line().sku())
        .text("day", r -> r.line() == null ? r.credit().day().toString() : r.day().day().toString())
        .number(
            "quantity",
            r -> r.line() == null ? "" : r.day().quantity().toPlainString(),
            r -> r.line() == null ? "" : r.day().quantity().toPlainString())
        .number(
            "unit_cost",
            r -> r.line() == null ? "" : r.day().unitCost().toPlainString(),
            r -> r.line() == null ? "" : r.day().unitCost().toPlainString())
        .text("price", r -> r.line() == null ? "" : r.day().priceSource())
        .number(
            "amount",
            r -> (r.line() == null ? r.credit().amount() : r.day().amount()).toPlainString(),
            r -> (r.line() == null ? r.credit().amount() : r.day().amount()).toPlainString())
        .text("grant", r -> r.line() == null ? r.credit().grantId() : "")
        .whenNone("no line items");
  }

  private GetInvoiceProvenanceRequest request(TallyClient tally) {
    try {
      return tally.billing().getInvoiceProvenance(invoiceId);
    } catch (IllegalArgumentException e) {
      throw CliException.invalid("INVOICE_ID cannot be '" + invoiceId + "'");
    }
  }
}
