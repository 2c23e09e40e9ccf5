package dev.tally.engine;

import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceItem;
import dev.tally.model.LineItem;
import dev.tally.model.provenance.AdjustmentRow;
import dev.tally.model.provenance.CreditDrawRow;
import dev.tally.model.provenance.DayRow;
import dev.tally.model.provenance.InvoiceProvenance;
import dev.tally.model.provenance.LineProvenance;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where every amount of a rated invoice comes from (docs/billing-model.md, "Provenance"): for each
 * line item, its days with the day's quantity, the price in force and the day's share of the line's
 * total (the cumulative-rounding shares that credits are drawn against); and the credit draws.
 * Within a line the days' quantities add up to its quantity and their amounts to its total,
 * exactly.
 */
public final class Provenance {

  /** A day priced by the book's list price. */
  public static final String LIST = "LIST";

  /** A day priced by one of the organization's contract overrides. */
  public static final String CONTRACT = "CONTRACT";

  private Provenance() {}

  /**
   * Explains {@code rated}, which {@code book} made of {@code input}.
   *
   * @param digest the invoice's digest, for a finalized invoice
   * @throws IllegalStateException if {@code rated} is not what the book makes of the input
   */
  public static InvoiceProvenance explain(
      PriceBook book, RatingInput input, RatedInvoice rated, Optional<String> digest) {
    Invoice invoice = rated.invoice();
    Map<String, List<RatedLine>> byCluster =
        UsageRating.rate(book, input).stream().collect(Collectors.groupingBy(RatedLine::clusterId));
    List<LineProvenance> lines = new ArrayList<>();
    for (int i = 0; i < invoice.invoiceItems().size(); i++) {
      InvoiceItem item = invoice.invoiceItems().get(i);
      List<RatedLine> rateds =
          byCluster.getOrDefault(item.cluster().id(), List.of()).stream()
              .sorted(RatedLine.LINE_ORDER)
              .toList();
      if (rateds.size() != item.lineItems().size()) {
        throw new IllegalStateException(
            "invoice item " + i + " does not match its rating: the inputs were not its inputs");
      }
      for (int j = 0; j < rateds.size(); j++) {
        RatedLine line = rateds.get(j);
        LineItem shown = item.lineItems().get(j);
        lines.add(
            new LineProvenance(
                i,
                j,
                item.cluster().id(),
                item.cluster().name(),
                line.sku(),
                shown.description(),
                shown.quantityUnit().raw(),
                line.unitPrice(),
                Decimals.canonical(line.quantity()),
                line.total(),
                days(book, input.organizationId(), line)));
      }
    }
    List<CreditDrawRow> credits =
        rated.credits().draws().stream()
            .map(d -> new CreditDrawRow(d.grantId(), d.day(), d.amount()))
            .toList();
    return new InvoiceProvenance(
        invoice.invoiceId(),
        invoice.status().raw(),
        invoice.periodStart(),
        invoice.periodEnd(),
        digest.orElse(null),
        lines,
        credits,
        adjustments(input, invoice));
  }

  /** The input's adjustments beside the amounts the invoice shows for them, which come first. */
  private static List<AdjustmentRow> adjustments(RatingInput input, Invoice invoice) {
    List<AdjustmentRow> rows = new ArrayList<>();
    for (int i = 0; i < input.adjustments().size(); i++) {
      Adjustment entered = input.adjustments().get(i);
      InvoiceAdjustment shown =
          i < invoice.adjustments().size() ? invoice.adjustments().get(i) : null;
      if (shown == null || !shown.name().equals(entered.name())) {
        throw new IllegalStateException(
            "adjustment " + i + " does not match its rating: the inputs were not its inputs");
      }
      rows.add(new AdjustmentRow(entered.name(), entered.amount(), shown.amount().amount()));
    }
    return rows;
  }

  private static List<DayRow> days(PriceBook book, String organizationId, RatedLine line) {
    NavigableMap<LocalDate, BigDecimal> cents = line.centsByDay();
    List<DayRow> days = new ArrayList<>();
    line.quantityByDay()
        .forEach(
            (day, quantity) -> {
              Price price = book.priceFor(organizationId, line.sku(), day).orElseThrow();
              boolean list = book.listPriceFor(line.sku(), day).map(price::equals).orElse(false);
              days.add(
                  new DayRow(
                      day,
                      Decimals.canonical(quantity),
                      line.unitPrice(),
                      list ? LIST : CONTRACT,
                      price.effectiveFrom(),
                      cents.get(day)));
            });
    return days;
  }
}
