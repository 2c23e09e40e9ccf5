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
      "A line's rows add up to its quantity and total exactly. Each row names its line item by "
          + "ITEM and LINE (0-based, as in the invoice's invoice_items and line_items, and in the "
          + "JSON) and its cluster by id and name. Works for drafts and finalized invoices. Calls "
          + "Tally at --url with the API key from $TALLY_API_KEY or --api-key-file."
    },
    footer = {
      "",
      "Examples:",
      "  tally invoices explain inv_demo-org_2026-10",
      "  tally invoices explain inv_demo-org_2026-10 --cluster checkout",
      "  tally invoices explain inv_demo-org_2026-10 \\",
      "      --cluster checkout --sku standard.compute -o csv > days.csv",
      "",
      "Exit codes: 0 ok, 2 invalid input, 3 no such invoice, or no line item for",
      "--cluster or --sku, 4 no or rejected API key, 5 server or network."
    })
final class ExplainInvoiceCommand extends ApiCommand {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      completionCandidates = OutputFormat.Names.class,
      description =
          "table (default): aligned for reading, the status and a finalized invoice's digest"
              + " last; json: the provenance as the server sends it; csv: one row per day of a"
              + " line item and per credit draw, each with the invoice's id, status and digest.")
  OutputFormat output;

  @Parameters(
      index = "0",
      paramLabel = "INVOICE_ID",
      description = "The invoice's ID, as `tally invoices list` shows.")
  String invoiceId;

  @Option(
      names = "--cluster",
      paramLabel = "CLUSTER",
      description =
          "Only this cluster's line items: its id (exactly), or its name in any case (names are"
              + " chosen by people and may repeat: every cluster of that name is shown).")
  String cluster;

  @Option(
      names = "--sku",
      paramLabel = "SKU",
      description = "Only this SKU's line items (exactly: standard.compute).")
  String sku;

  /** One row of the listing: a day of a line item, or a credit draw (then line is null). */
  record Row(LineProvenance line, DayRow day, CreditDrawRow credit) {}

  @Override
  public Integer call() {
    try (TallyClient tally = api.connect()) {
      InvoiceProvenance provenance = request(tally).execute();
      List<LineProvenance> lines = selected(provenance);
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
      out().print(listing(output == OutputFormat.CSV, provenance).render(output, rows));
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

  /**
   * The line items --cluster and --sku select. A cluster is named by its id, matched exactly, or by
   * its name, matched ignoring case (names are what people typed; ids are exact everywhere); a SKU
   * exactly, as the price book spells it.
   *
   * @throws CliException exit code 3 when the invoice has no line item for what was given, so a
   *     typo is not mistaken for a cluster without usage
   */
  private List<LineProvenance> selected(InvoiceProvenance provenance) {
    List<LineProvenance> ofCluster =
        provenance.lineItems().stream()
            .filter(
                l ->
                    cluster == null
                        || l.clusterId().equals(cluster)
                        || cluster.equalsIgnoreCase(l.clusterName()))
            .toList();
    if (ofCluster.isEmpty() && cluster != null) {
      throw CliException.notFound(
          "invoice "
              + provenance.invoiceId()
              + " has no line item for cluster '"
              + cluster
              + "' (neither a cluster id nor, in any case, a cluster name on it)");
    }
    List<LineProvenance> selected =
        ofCluster.stream().filter(l -> sku == null || l.sku().equals(sku)).toList();
    if (selected.isEmpty() && sku != null) {
      throw CliException.notFound(
          "invoice "
              + provenance.invoiceId()
              + " has no line item for SKU '"
              + sku
              + "'"
              + (cluster == null ? "" : " on cluster '" + cluster + "'"));
    }
    return selected;
  }

  /**
   * The columns; in CSV also the invoice's id, status and digest on every row, since a spreadsheet
   * has no line after the table for them.
   */
  private static Listing<Row> listing(boolean csv, InvoiceProvenance provenance) {
    Listing<Row> listing = new Listing<Row>("rows", r -> r);
    if (csv) {
      listing
          .text("invoice_id", r -> provenance.invoiceId())
          .text("status", r -> provenance.status())
          .text("digest", r -> provenance.digest() == null ? "" : provenance.digest());
    }
    return listing
        .text("kind", r -> r.line() == null ? "credit" : "usage")
        .number(
            "item",
            r -> r.line() == null ? "" : Integer.toString(r.line().item()),
            r -> r.line() == null ? "" : Integer.toString(r.line().item()))
        .number(
            "line",
            r -> r.line() == null ? "" : Integer.toString(r.line().line()),
            r -> r.line() == null ? "" : Integer.toString(r.line().line()))
        .text("cluster_id", r -> r.line() == null ? "" : r.line().clusterId())
        .text("cluster_name", r -> r.line() == null ? "" : nullToEmpty(r.line().clusterName()))
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

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  private GetInvoiceProvenanceRequest request(TallyClient tally) {
    try {
      return tally.billing().getInvoiceProvenance(invoiceId);
    } catch (IllegalArgumentException e) {
      throw CliException.invalid("INVOICE_ID cannot be '" + invoiceId + "'");
    }
  }
}
