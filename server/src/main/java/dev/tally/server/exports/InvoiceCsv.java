package dev.tally.server.exports;

import dev.tally.engine.InvoiceAssembler;
import dev.tally.model.BillingPeriod;
import dev.tally.model.Cluster;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceItem;
import dev.tally.model.LineItem;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * An invoice as CSV (RFC 4180: comma-separated, CRLF line ends, quoted where needed, UTF-8): a
 * header, then one {@code line_item} row per line item (cluster by cluster, as on the invoice),
 * then one row per adjustment in the invoice's order ({@code adjustment}, or {@code credits} for
 * the "Credits applied" pair). Per currency, the {@code amount} column sums exactly to the
 * invoice's {@code totals} for that currency (docs/billing-model.md, "Totals and balances"). An
 * invoice that does not add up by itself (one imported as issued elsewhere) gets a last {@code
 * total_difference} row per currency that states the difference.
 *
 * <p>Numbers are plain decimal text (never exponents), exactly as billed; negative amounts stay
 * numbers. Text cells that a spreadsheet would run as a formula (starting with {@code = + - @}, a
 * tab or a carriage return) are prefixed with {@code '}. Labels are written {@code k=v;k2=v2},
 * sorted by key, with {@code \}, {@code ;} and {@code =} escaped by a backslash.
 */
public final class InvoiceCsv {

  /** The columns, in order. */
  public static final List<String> HEADER =
      List.of(
          "invoice_id",
          "period",
          "period_start",
          "period_end",
          "status",
          "row_type",
          "cluster_id",
          "cluster_name",
          "labels",
          "description",
          "quantity",
          "quantity_unit",
          "unit_price",
          "amount",
          "currency");

  private InvoiceCsv() {}

  /** The invoice as CSV text. */
  public static String text(Invoice invoice) {
    StringWriter out = new StringWriter();
    try (CSVPrinter csv = CSVFormat.RFC4180.builder().get().print(out)) {
      csv.printRecord(HEADER);
      for (List<String> row : rows(invoice)) {
        csv.printRecord(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The invoice as CSV bytes, UTF-8. */
  public static byte[] bytes(Invoice invoice) {
    return text(invoice).getBytes(StandardCharsets.UTF_8);
  }

  private static List<List<String>> rows(Invoice invoice) {
    List<List<String>> rows = new ArrayList<>();
    String period = BillingPeriod.containing(invoice.periodStart()).toString();
    String status = invoice.status() == null ? "" : invoice.status().raw();
    for (InvoiceItem item : invoice.invoiceItems()) {
      Cluster cluster = item.cluster();
      for (LineItem line : item.lineItems()) {
        rows.add(
            List.of(
                text(invoice.invoiceId()),
                period,
                invoice.periodStart().toString(),
                invoice.periodEnd().toString(),
                text(status),
                "line_item",
                text(cluster.id()),
                text(cluster.name()),
                text(labels(cluster.labels())),
                text(line.description()),
                line.quantity().toPlainString(),
                text(line.quantityUnit().raw()),
                line.unitCost().toPlainString(),
                line.total().amount().toPlainString(),
                text(line.total().currency().raw())));
      }
    }
    for (InvoiceAdjustment adjustment : invoice.adjustments()) {
      rows.add(
          List.of(
              text(invoice.invoiceId()),
              period,
              invoice.periodStart().toString(),
              invoice.periodEnd().toString(),
              text(status),
              InvoiceAssembler.CREDITS_APPLIED.equals(adjustment.name()) ? "credits" : "adjustment",
              "",
              "",
              "",
              text(adjustment.name()),
              "",
              "",
              "",
              adjustment.amount().amount().toPlainString(),
              text(adjustment.amount().currency().raw())));
    }
    // An invoice Tally rated always adds up; one imported from elsewhere may not. Then one row per
    // currency states the difference, so the column still sums to the invoice's totals exactly.
    Map<String, BigDecimal> unexplained = new LinkedHashMap<>();
    for (CurrencyAmount total : invoice.totals()) {
      unexplained.merge(total.currency().raw(), total.amount(), BigDecimal::add);
    }
    for (List<String> row : rows) {
      unexplained.merge(row.get(14), new BigDecimal(row.get(13)).negate(), BigDecimal::add);
    }
    unexplained.forEach(
        (currency, difference) -> {
          if (difference.signum() != 0) {
            rows.add(
                List.of(
                    text(invoice.invoiceId()),
                    period,
                    invoice.periodStart().toString(),
                    invoice.periodEnd().toString(),
                    text(status),
                    "total_difference",
                    "",
                    "",
                    "",
                    "Not itemized on the invoice (its total as issued)",
                    "",
                    "",
                    "",
                    difference.toPlainString(),
                    text(currency)));
          }
        });
    return rows;
  }

  /** Labels as {@code k=v;k2=v2}, sorted by key; {@code \ ; =} escaped with a backslash. */
  static String labels(Map<String, String> labels) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
      out.append(out.isEmpty() ? "" : ";")
          .append(escape(label.getKey()))
          .append('=')
          .append(escape(label.getValue()));
    }
    return out.toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace(";", "\\;").replace("=", "\\=");
  }

  /**
   * A text cell a spreadsheet will show as text: one that starts with {@code = + - @}, a tab or a
   * carriage return gets a leading {@code '} (OWASP's advice on CSV injection).
   */
  static String text(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    char first = value.charAt(0);
    return first == '='
            || first == '+'
            || first == '-'
            || first == '@'
            || first == '\t'
            || first == '\r'
        ? "'" + value
        : value;
  }
}
