package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.cli.format.InvoiceCsvFormat;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceItem;
import dev.tally.model.ListInvoicesResponse;
import dev.tally.model.WireJson;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code tally invoices list} against a real server: "what did we pay each month". */
class ListInvoicesCommandTest {

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
  void theTableHasOneAlignedRowPerInvoiceWithItsMonthStatusTotalAndClusterCount() {
    CliRun run = billing.run("invoices", "list");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.getFirst()).matches("INVOICE +PERIOD +STATUS +TOTAL +CLUSTERS");
    // Without --to the list runs through the running month (now is 2026-11-15): November's DRAFT is
    // last.
    List<Invoice> expected = billing.invoices(YearMonth.of(2026, 1), YearMonth.of(2026, 11));
    assertThat(lines).hasSize(1 + expected.size());
    for (int i = 0; i < expected.size(); i++) {
      Invoice invoice = expected.get(i);
      assertThat(lines.get(i + 1).split(" {2,}"))
          .containsExactly(
              invoice.invoiceId(),
              BillingServer.period(invoice),
              invoice.status().raw(),
              usd(invoice.totals().getFirst().amount()),
              "2");
    }
    // Right-aligned last column: every line ends at the same column, and so does every total.
    assertThat(lines).extracting(String::length).containsOnly(lines.getFirst().length());
    int totalEnds = lines.getFirst().indexOf("TOTAL") + "TOTAL".length();
    assertThat(lines.subList(1, lines.size()))
        .allSatisfy(line -> assertThat(line.indexOf(" USD") + 4).isEqualTo(totalEnds));
  }

  @Test
  void filtersByStatusAndByMonthDayOrTimestampWindows() {
    CliRun months =
        billing.run(
            "invoices", "list", "--status", "FINALIZED", "--from", "2026-03", "--to", "2026-06");
    CliRun days =
        billing.run(
            "invoices",
            "list",
            "--status",
            "finalized",
            "--from",
            "2026-03-01",
            "--to",
            "2026-06-01T02:00:00+02:00");

    for (CliRun run : List.of(months, days)) {
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(periods(run)).containsExactly("2026-03", "2026-04", "2026-05");
    }
    CliRun drafts = billing.run("invoices", "list", "--status", "DRAFT", "--to", "2026-12");
    assertThat(periods(drafts)).containsExactly("2026-10", "2026-11");
    assertThat(drafts.out()).contains("DRAFT").doesNotContain("FINALIZED");
    // Without --to: the month in its grace period and the running month's DRAFT.
    assertThat(periods(billing.run("invoices", "list", "--status", "DRAFT")))
        .containsExactly("2026-10", "2026-11");
  }

  @Test
  void pagingMonthByMonthWithDateWindowsVisitsEveryInvoiceOnce() {
    for (YearMonth month : BillingServer.MONTHS) {
      CliRun run =
          billing.run(
              "invoices",
              "list",
              "--from",
              month.toString(),
              "--to",
              month.plusMonths(1).toString());
      assertThat(periods(run)).as(month.toString()).containsExactly(month.toString());
    }
  }

  @Test
  void anEmptyWindowSaysSoInTheTableAndIsJustTheHeaderInCsv() {
    CliRun table = billing.run("invoices", "list", "--from", "2025-01", "--to", "2025-06");
    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).isEqualTo("no invoices\n");
    CliRun csv =
        billing.run("invoices", "list", "--from", "2025-01", "--to", "2025-06", "-o", "csv");
    assertThat(csv.out()).isEqualTo(String.join(",", InvoiceCsvFormat.HEADER) + "\r\n");
    CliRun json =
        billing.run("invoices", "list", "--from", "2025-01", "--to", "2025-06", "-o", "json");
    assertThat(json.out()).isEqualToIgnoringWhitespace("{\"invoices\":[]}");
  }

  @Test
  void jsonIsTheApisJsonAndParsesBackToTheSameInvoices() throws Exception {
    CliRun run = billing.run("invoices", "list", "-o", "json", "--to", "2026-12");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    ListInvoicesResponse parsed =
        WireJson.mapper().readValue(run.out(), ListInvoicesResponse.class);
    assertThat(parsed.invoices()).containsExactlyElementsOf(billing.invoices.values());
    // Byte for byte the document the API itself answers, and one line of it.
    String api =
        billing
            .server
            .get("/api/v1/invoices?end_time=2026-12-01T00:00:00Z", billing.globexKey)
            .body();
    assertThat(run.out())
        .isEqualTo(api + "\n")
        .startsWith("{\"invoices\":[{\"invoice_id\":")
        .hasLineCount(1);
  }

  @Test
  void csvHasOneRowPerLineItemOfEveryListedInvoice() {
    CliRun run =
        billing.run("invoices", "list", "-o", "csv", "--from", "2026-08", "--to", "2026-11");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).endsWith("\r\n");
    List<String> rows = run.out().lines().toList();
    List<Invoice> listed = billing.invoices(YearMonth.of(2026, 8), YearMonth.of(2026, 10));
    long lineItems =
        listed.stream()
            .flatMap(i -> i.invoiceItems().stream())
            .mapToLong(i -> i.lineItems().size())
            .sum();
    assertThat(rows).hasSize(1 + (int) lineItems);
    assertThat(rows.getFirst())
        .isEqualTo(
            "invoice_id,period_start,period_end,status,cluster_id,cluster_name,description,quantity,quantity_unit,"
                + "unit_cost,total,currency");
    Invoice august = listed.getFirst();
    InvoiceItem firstItem = august.invoiceItems().getFirst();
    assertThat(rows.get(1).split(","))
        .containsExactly(
            august.invoiceId(),
            "2026-08-01T00:00:00Z",
            "2026-09-01T00:00:00Z",
            "FINALIZED",
            firstItem.cluster().id(),
            firstItem.cluster().name(),
            firstItem.lineItems().getFirst().description(),
            firstItem.lineItems().getFirst().quantity().toPlainString(),
            firstItem.lineItems().getFirst().quantityUnit().raw(),
            firstItem.lineItems().getFirst().unitCost().toPlainString(),
            firstItem.lineItems().getFirst().total().amount().toPlainString(),
            "USD");
    assertThat(rows.subList(1, rows.size()))
        .allSatisfy(row -> assertThat(row.split(",")).hasSize(12));
  }

  private static List<String> periods(CliRun run) {
    return run.out().lines().skip(1).map(line -> line.split(" {2,}")[1]).toList();
  }

  private static String usd(BigDecimal amount) {
    return String.format(Locale.ROOT, "%,.2f USD", amount);
  }
}
