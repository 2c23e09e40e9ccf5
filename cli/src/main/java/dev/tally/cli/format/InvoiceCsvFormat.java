package dev.tally.cli.format;

import dev.tally.model.Invoice;
import dev.tally.model.InvoiceItem;
import dev.tally.model.LineItem;
import java.math.BigDecimal;
import java.util.List;

/**
 * Invoices as CSV for a spreadsheet: one row per line item, each with its invoice and cluster, so a
 * pivot table can sum by month, cluster or unit. RFC 4180: CRLF line ends, fields quoted when they hold
 * a comma, a quote or a line break. Numbers are plain decimal text, exactly as billed, never in
 * exponent notation (which spreadsheets would read as a float).
 */
public final class InvoiceCsvFormat {

  public static final List<String> HEADER = List.of("invoice_id", "period_start", "period_end", "status", "cluster_id",
      "cluster_name", "description", "quantity", "quantity_unit", "unit_cost", "total", "currency");

  private static final String CRLF = "\r\n";

  private InvoiceCsvFormat() {}

  public static String of(List<Invoice> invoices) {
    StringBuilder out = new StringBuilder();
    row(out, HEADER);
    for (Invoice invoice : invoices) {
      for (InvoiceItem item : invoice.invoiceItems()) {
        for (LineItem line : item.lineItems()) {
          row(out, List.of(invoice.invoiceId(), invoice.periodStart().toString(), invoice.periodEnd().toString(),
              invoice.status() == null ? "" : invoice.status().raw(), text(item.cluster().id()), text(item.cluster().name()),
              text(line.description()), plain(line.quantity()), line.quantityUnit().raw(), plain(line.unitCost()),
              plain(line.total().amount()), line.total().currency().raw()));
        }
      }
    }
    return out.toString();
  }

  /**
   * A text cell that a spreadsheet must not run as a formula: names come from people, and a cell
   * starting with = + - @ would be evaluated on opening, so such text gets a leading apostrophe.
   */
  static String text(String value) {
    return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
  }

  private static String plain(BigDecimal number) {
    return number.toPlainString();
  }

  private static void row(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields.get(i)));
    }
    out.append(CRLF);
  }

  static String field(String value) {
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
