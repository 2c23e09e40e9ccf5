package dev.tally.cli.format;

import dev.tally.model.Invoice;
import dev.tally.model.InvoiceItem;
import dev.tally.model.LineItem;
import java.math.BigDecimal;
import java.util.List;

/**
 * Invoices as CSV for a spreadsheet: one row per line item, each with its invoice and cluster, so a
 * pivot table can sum by month, cluster or unit, written as {@link Csv} writes. Numbers are plain
 * decimal text, exactly as billed, never in exponent notation (which spreadsheets would read as a
 * float).
 */
public final class InvoiceCsvFormat {

  public static final List<String> HEADER =
      List.of(
          "invoice_id",
          "period_start",
          "period_end",
          "status",
          "cluster_id",
          "cluster_name",
          "description",
          "quantity",
          "quantity_unit",
          "unit_cost",
          "total",
          "currency");

  private InvoiceCsvFormat() {}

  public static String of(List<Invoice> invoices) {
    StringBuilder out = new StringBuilder();
    Csv.row(out, HEADER);
    for (Invoice invoice : invoices) {
      for (InvoiceItem item : invoice.invoiceItems()) {
        for (LineItem line : item.lineItems()) {
          Csv.row(
              out,
              List.of(
                  invoice.invoiceId(),
                  invoice.periodStart().toString(),
                  invoice.periodEnd().toString(),
                  invoice.status() == null ? "" : invoice.status().raw(),
                  Csv.text(item.cluster().id()),
                  Csv.text(item.cluster().name()),
                  Csv.text(line.description()),
                  plain(line.quantity()),
                  line.quantityUnit().raw(),
                  plain(line.unitCost()),
                  cents(line.total().amount()),
                  line.total().currency().raw()));
        }
      }
    }
    return out.toString();
  }

  private static String plain(BigDecimal number) {
    return number.toPlainString();
  }

  /** Money as a spreadsheet reads it: always two decimals ({@code 0.10}), even if sent as 0.1. */
  private static String cents(BigDecimal amount) {
    return amount.scale() < 2 ? amount.setScale(2).toPlainString() : amount.toPlainString();
  }
}
