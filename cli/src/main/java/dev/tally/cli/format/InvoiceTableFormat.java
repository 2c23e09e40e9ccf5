package dev.tally.cli.format;

import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceItem;
import dev.tally.model.LineItem;
import java.util.List;

/**
 * Invoices as aligned text for a terminal: a list answers "what did we pay each month", one invoice
 * answers "what was it made of". Amounts are right-aligned and carry their currency.
 */
public final class InvoiceTableFormat {

  private InvoiceTableFormat() {}

  /** One row per invoice: INVOICE, PERIOD, STATUS, TOTAL, CLUSTERS. */
  public static String list(List<Invoice> invoices) {
    if (invoices.isEmpty()) {
      return "no invoices\n";
    }
    Table table =
        new Table("INVOICE", "PERIOD", "STATUS", "TOTAL", "CLUSTERS").alignRight(3).alignRight(4);
    for (Invoice invoice : invoices) {
      table.row(
          invoice.invoiceId(),
          PeriodLabel.of(invoice),
          status(invoice),
          DecimalText.money(invoice.totals()),
          String.valueOf(invoice.invoiceItems().size()));
    }
    return table.render();
  }

  /**
   * The invoice's header, then its cost per cluster, its adjustments, totals and balances, and last
   * the line items each cluster's subtotal is made of.
   */
  public static String detail(Invoice invoice) {
    StringBuilder out = new StringBuilder();
    out.append(
        new Table("Invoice", invoice.invoiceId())
            .row("Period", PeriodLabel.of(invoice))
            .row("Status", status(invoice))
            .render());

    if (!invoice.invoiceItems().isEmpty()) {
      Table clusters = new Table("CLUSTER", "PLAN", "SUBTOTAL").alignRight(2);
      for (InvoiceItem item : invoice.invoiceItems()) {
        clusters.row(
            item.cluster().name(), item.cluster().plan().raw(), DecimalText.money(item.totals()));
      }
      out.append('\n').append(clusters.render());
    }

    if (!invoice.adjustments().isEmpty()) {
      Table adjustments = new Table("ADJUSTMENT", "AMOUNT").alignRight(1);
      for (InvoiceAdjustment adjustment : invoice.adjustments()) {
        adjustments.row(adjustment.name(), DecimalText.money(adjustment.amount()));
      }
      out.append('\n').append(adjustments.render());
    }

    out.append('\n')
        .append(
            new Table("Total", DecimalText.money(invoice.totals()))
                .row("Balance", DecimalText.money(invoice.balances()))
                .render());

    if (invoice.invoiceItems().stream().anyMatch(item -> !item.lineItems().isEmpty())) {
      Table lines =
          new Table("CLUSTER", "LINE ITEM", "QUANTITY", "UNIT", "UNIT COST", "TOTAL")
              .alignRight(2)
              .alignRight(4)
              .alignRight(5);
      for (InvoiceItem item : invoice.invoiceItems()) {
        String cluster = item.cluster().name();
        for (LineItem line : item.lineItems()) {
          lines.row(
              cluster,
              line.description(),
              DecimalText.quantity(line.quantity()),
              line.quantityUnit().raw(),
              DecimalText.money(new CurrencyAmount(line.unitCost(), line.total().currency())),
              DecimalText.money(line.total()));
          cluster =
              ""; // the cluster's name heads its first line only, so its lines read as a group
        }
      }
      out.append('\n').append(lines.render());
    }
    return out.toString();
  }

  private static String status(Invoice invoice) {
    return invoice.status() == null ? "-" : invoice.status().raw();
  }
}
