package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.model.Invoice;
import dev.tally.model.InvoiceItem;
import dev.tally.model.WireJson;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code tally invoices get} against a real server: "what was this invoice made of". */
class GetInvoiceCommandTest {

  private static BillingServer billing;

  @BeforeAll
  static void start() {
    billing = new BillingServer();
  }

  @AfterAll
  static void stop() {
    billing.close();
  }

  @Test
  void theTableShowsTheHeaderThenEachClustersSubtotalAdjustmentsTotalsAndBalances() {
    Invoice october = billing.invoices.get(YearMonth.of(2026, 10));

    CliRun run = billing.run("invoices", "get", october.invoiceId());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.subList(0, 3))
        .containsExactly("Invoice  " + october.invoiceId(), "Period   2026-10", "Status   DRAFT");
    // Items come sorted by cluster name; each subtotal is right-aligned under SUBTOTAL.
    int clusters = indexOfMatch(lines, "CLUSTER +PLAN +SUBTOTAL");
    InvoiceItem checkout = october.invoiceItems().get(0);
    InvoiceItem payments = october.invoiceItems().get(1);
    assertThat(lines.get(clusters + 1).split(" {2,}"))
        .containsExactly("checkout", "STANDARD", usd(checkout.totals().getFirst().amount()));
    assertThat(lines.get(clusters + 2).split(" {2,}"))
        .containsExactly("payments", "STANDARD", usd(payments.totals().getFirst().amount()));
    assertThat(lines.get(clusters + 1).length())
        .isEqualTo(lines.get(clusters).length())
        .isEqualTo(lines.get(clusters + 2).length());

    int adjustments = indexOfMatch(lines, "ADJUSTMENT +AMOUNT");
    assertThat(lines.get(adjustments + 1)).matches("Premium support +100\\.00 USD");
    assertThat(run.out())
        .containsPattern(
            "\nTotal +" + usd(october.totals().getFirst().amount()).replace(".", "\\.") + "\n")
        .containsPattern("\nBalance +0\\.00 CRDB_CLOUD_CREDITS\n");
    int items = indexOfMatch(lines, "CLUSTER +LINE ITEM +QUANTITY +UNIT +UNIT COST +TOTAL");
    assertThat(lines.get(items + 1))
        .startsWith("checkout  Standard provisioned compute")
        .contains("VCPU_HOURS")
        .contains("0.18 USD");
    assertThat(lines.get(items + 2))
        .startsWith("          Standard storage")
        .contains("0.000685 USD");
    assertThat(lines.get(items + 3)).startsWith("payments  Standard provisioned compute");
  }

  @Test
  void amountsKeepEveryDigitGroupThousandsAndShowEachCurrency() {
    CliRun run = billing.runWithKey(billing.preciseKey, "invoices", "get", "precise-2026-10");

    assertThat(run.exitCode()).as(run.err()).isZero();
    String out = run.out();
    assertThat(out)
        .containsPattern("core +STANDARD +1,234,507\\.50 USD\n")
        .containsPattern("edge +BASIC +0\\.50 USD\n")
        .containsPattern("Loyalty credit +-10\\.00 USD\n")
        .containsPattern("Total +1,234,498\\.00 USD, 25\\.00 CRDB_CLOUD_CREDITS\n")
        .containsPattern("Balance +75\\.00 CRDB_CLOUD_CREDITS\n")
        .containsPattern(
            "Standard provisioned compute +6,858,375 +VCPU_HOURS +0\\.18 USD +1,234,507\\.50 USD\n")
        .containsPattern(
            "Basic request units +1,234,567 +REQUEST_UNITS +0\\.0000002 USD +0\\.25 USD\n")
        .containsPattern("Data transfer, \"cross-region\" +12\\.5 +GIB +0\\.02 USD +0\\.25 USD\n")
        .containsPattern("Storage rounding +0\\.0000002 +GIB_HOURS +1\\.00 USD +0\\.00 USD\n")
        .doesNotContain("E-");
  }

  @Test
  void jsonIsTheApisJsonAndParsesBackToTheSameInvoice() throws Exception {
    CliRun run =
        billing.runWithKey(billing.preciseKey, "invoices", "get", "precise-2026-10", "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(WireJson.mapper().readValue(run.out(), Invoice.class))
        .isEqualTo(billing.preciseInvoice);
    String api = billing.server.get("/api/v1/invoices/precise-2026-10", billing.preciseKey).body();
    assertThat(run.out()).isEqualTo(api + "\n");
    // Exact decimals as plain numbers, as the API writes them.
    assertThat(run.out())
        .contains("\"unit_cost\":0.0000002")
        .contains("\"quantity\":0.0000002")
        .contains("\"invoice_items\":[")
        .contains("\"line_items\":[");
  }

  @Test
  void csvIsTheServersDownloadOneRowPerLineItemThenTheAdjustmentsSummingToTheTotals() {
    CliRun run =
        billing.runWithKey(
            billing.preciseKey, "invoices", "get", "precise-2026-10", "--output", "CSV");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    String[] rows = run.out().split("\r\n", -1);
    Invoice invoice = billing.preciseInvoice;
    int lineItems = invoice.invoiceItems().stream().mapToInt(i -> i.lineItems().size()).sum();
    // every row ends with CRLF, the last one too; this hand-made invoice's credits total is not
    // itemized, so a total_difference row states it
    assertThat(rows).hasSize(1 + lineItems + invoice.adjustments().size() + 1 + 1).endsWith("");
    assertThat(rows[rows.length - 2])
        .contains(",total_difference,")
        .endsWith(",Not itemized on the invoice (its total as issued),,,,25.00,CRDB_CLOUD_CREDITS");
    assertThat(rows[0])
        .isEqualTo(
            "invoice_id,period,period_start,period_end,status,row_type,cluster_id,cluster_name,"
                + "labels,description,quantity,quantity_unit,unit_price,amount,currency");
    String core = invoice.invoiceItems().get(0).cluster().id();
    String edge = invoice.invoiceItems().get(1).cluster().id();
    String prefix =
        "precise-2026-10,2026-10,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,FINALIZED,line_item,";
    assertThat(rows)
        .anySatisfy(
            row ->
                assertThat(row)
                    .startsWith(prefix + core + ",core,")
                    .endsWith(
                        ",Standard provisioned compute,6858375,VCPU_HOURS,0.18,1234507.50,USD"))
        .anySatisfy(
            row ->
                assertThat(row)
                    .startsWith(prefix + edge + ",edge,")
                    .endsWith(",\"Data transfer, \"\"cross-region\"\"\",12.5,GIB,0.02,0.25,USD"));
    java.util.Map<String, java.math.BigDecimal> sums = new java.util.HashMap<>();
    for (String row : java.util.Arrays.asList(rows).subList(1, rows.length - 1)) {
      String[] cells = row.split(",");
      sums.merge(
          cells[cells.length - 1],
          new java.math.BigDecimal(cells[cells.length - 2]),
          java.math.BigDecimal::add);
    }
    for (var total : invoice.totals()) {
      assertThat(sums.get(total.currency().raw())).isEqualByComparingTo(total.amount());
    }
  }

  @Test
  void pdfIsTheServersPrintableInvoiceWrittenAsBytes() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    CliRun run =
        billing.runWithKey(
            billing.preciseKey,
            new BinaryOutput(bytes, false),
            "invoices",
            "get",
            "precise-2026-10",
            "-o",
            "pdf");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEmpty();
    assertThat(new String(bytes.toByteArray(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("%PDF-");
    try (var document = org.apache.pdfbox.Loader.loadPDF(bytes.toByteArray())) {
      assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(document))
          .contains("precise-2026-10")
          .contains("Standard provisioned compute")
          .contains("1,234,507.50 USD");
    }
  }

  @Test
  void pdfIsNeverWrittenToATerminal() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    CliRun run =
        billing.runWithKey(
            billing.preciseKey,
            new BinaryOutput(bytes, true),
            "invoices",
            "get",
            "precise-2026-10",
            "-o",
            "pdf");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(bytes.size()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "error: a PDF is not for the terminal: redirect it, as in tally invoices get"
                + " precise-2026-10 -o pdf > invoice.pdf\n");
  }

  @Test
  void anotherOrganizationsInvoiceIsNotFoundAsPdfOrCsv() {
    String globexInvoice = billing.invoices.get(YearMonth.of(2026, 9)).invoiceId();
    for (String format : List.of("pdf", "csv")) {
      CliRun run =
          billing.runWithKey(
              billing.preciseKey,
              new BinaryOutput(new java.io.ByteArrayOutputStream(), false),
              "invoices",
              "get",
              globexInvoice,
              "-o",
              format);
      assertThat(run.exitCode()).as(format).isEqualTo(3);
      // Not found, as an invoice that does not exist: nothing says it is another organization's.
      assertThat(run.err())
          .as(format)
          .isEqualTo("error: invoice " + globexInvoice + " not found (404)\n");
    }
  }

  private static int indexOfMatch(List<String> lines, String regex) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches(regex)) {
        return i;
      }
    }
    throw new AssertionError("no line matches " + regex + " in\n" + String.join("\n", lines));
  }

  private static String usd(java.math.BigDecimal amount) {
    return String.format(Locale.ROOT, "%,.2f USD", amount);
  }
}
