package dev.tally.client;

import dev.tally.model.CurrencyAmount;
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
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A customer's own check of an invoice's arithmetic, from its provenance, without trusting any
 * total the server computed (docs/billing-model.md, "Provenance"):
 *
 * <ul>
 *   <li>every line item has exactly one provenance line, of its cluster, quantity and unit cost;
 *   <li>the days' quantities add up to the line's quantity, and each day is at the line's unit
 *       cost;
 *   <li>the line's total is its quantity times its unit cost, rounded once to cents half to even;
 *   <li>each day's amount is its cumulative-rounding share ({@code round(exact amount through the
 *       day) − round(exact amount through the day before)}), and the days' amounts add up to the
 *       line's total;
 *   <li>each invoice item's total is the sum of its line totals;
 *   <li>the credit draws add up to the credits applied (the {@code CRDB_CLOUD_CREDITS} total);
 *   <li>each of the invoice's totals is the sum of the item totals and the adjustments in its
 *       currency;
 *   <li>the invoice's period and status are the provenance's; every line is in USD and shows the
 *       description, unit and cluster name the provenance explains;
 *   <li>the invoice's adjustments are exactly the provenance's, in order, each discount capped by
 *       the rule of docs/billing-model.md ("Adjustments": charges first, then each discount at most
 *       what keeps the USD total at zero), followed by the credits pair, −X USD and +X {@code
 *       CRDB_CLOUD_CREDITS}, where X is the sum of the credit draws.
 * </ul>
 *
 * <p>Not proven: the invoice's {@code balances} (a grant's remaining amount depends on other
 * months), and that the provenance is the truth about usage: it shows what the invoice was computed
 * from, and a customer who meters its own usage can compare the days with its own records.
 *
 * <pre>{@code
 * Invoice invoice = tally.billing().getInvoice(id).execute();
 * InvoiceProvenance provenance = tally.billing().getInvoiceProvenance(id).execute();
 * InvoiceProof proof = InvoiceProof.check(invoice, provenance);
 * if (!proof.holds()) System.err.println(proof.problems());
 * }</pre>
 *
 * @param invoiceId the invoice checked
 * @param lineItems how many line items were re-added
 * @param days how many day rows were re-added
 * @param problems each failed check, in words; empty when the invoice adds up
 */
public record InvoiceProof(String invoiceId, int lineItems, int days, List<String> problems) {

  private static final String CREDITS = "CRDB_CLOUD_CREDITS";
  private static final String USD = "USD";

  public InvoiceProof {
    problems = List.copyOf(problems);
  }

  /** Whether every check passed. */
  public boolean holds() {
    return problems.isEmpty();
  }

  /** Re-adds {@code invoice} from {@code provenance}; never throws for a mismatch. */
  public static InvoiceProof check(Invoice invoice, InvoiceProvenance provenance) {
    Objects.requireNonNull(invoice, "invoice");
    Objects.requireNonNull(provenance, "provenance");
    List<String> problems = new ArrayList<>();
    if (!invoice.invoiceId().equals(provenance.invoiceId())) {
      problems.add(
          "the provenance is of invoice "
              + provenance.invoiceId()
              + ", not "
              + invoice.invoiceId());
    }
    checkPeriodAndStatus(invoice, provenance, problems);
    Map<String, LineProvenance> byPosition = new HashMap<>();
    for (LineProvenance line : provenance.lineItems()) {
      if (byPosition.put(line.item() + "/" + line.line(), line) != null) {
        problems.add("line item " + where(line.item(), line.line()) + " is explained twice");
      }
    }
    int lineCount = 0;
    int dayCount = 0;
    Set<String> seen = new HashSet<>();
    Map<String, BigDecimal> sums = new HashMap<>();
    for (int i = 0; i < invoice.invoiceItems().size(); i++) {
      InvoiceItem item = invoice.invoiceItems().get(i);
      BigDecimal itemTotal = BigDecimal.ZERO;
      for (int j = 0; j < item.lineItems().size(); j++) {
        LineItem shown = item.lineItems().get(j);
        itemTotal = itemTotal.add(shown.total().amount());
        String where = where(i, j);
        LineProvenance line = byPosition.get(i + "/" + j);
        if (line == null) {
          problems.add("line item " + where + " has no provenance");
          continue;
        }
        seen.add(i + "/" + j);
        lineCount++;
        dayCount += line.days().size();
        checkLine(where, item, shown, line, problems);
      }
      for (CurrencyAmount total : item.totals()) {
        sums.merge(total.currency().raw(), total.amount(), BigDecimal::add);
        if (!total.currency().raw().equals(USD)) {
          problems.add(
              "invoice_items["
                  + i
                  + "]: a total in "
                  + total.currency().raw()
                  + "; a cluster's charges are in USD");
        } else if (total.amount().compareTo(itemTotal) != 0) {
          problems.add(
              "invoice_items["
                  + i
                  + "]: its total is "
                  + plain(total.amount())
                  + " but its line items add up to "
                  + plain(itemTotal));
        }
      }
    }
    for (String position : byPosition.keySet()) {
      if (!seen.contains(position)) {
        problems.add("the provenance explains line item " + position + ", which the invoice lacks");
      }
    }
    BigDecimal drawn =
        provenance.credits().stream()
            .map(CreditDrawRow::amount)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal creditsTotal =
        invoice.totals().stream()
            .filter(t -> t.currency().raw().equals(CREDITS))
            .map(CurrencyAmount::amount)
            .findFirst()
            .orElse(BigDecimal.ZERO);
    if (drawn.compareTo(creditsTotal) != 0) {
      problems.add(
          "the credit draws add up to "
              + plain(drawn)
              + " but the invoice applied "
              + plain(creditsTotal)
              + " "
              + CREDITS);
    }
    checkAdjustments(invoice, provenance, drawn, sums, problems);
    for (InvoiceAdjustment adjustment : invoice.adjustments()) {
      sums.merge(
          adjustment.amount().currency().raw(), adjustment.amount().amount(), BigDecimal::add);
    }
    for (CurrencyAmount total : invoice.totals()) {
      BigDecimal expected = sums.getOrDefault(total.currency().raw(), BigDecimal.ZERO);
      if (expected.compareTo(total.amount()) != 0) {
        problems.add(
            "the "
                + total.currency().raw()
                + " total is "
                + plain(total.amount())
                + " but items and adjustments add up to "
                + plain(expected));
      }
    }
    return new InvoiceProof(invoice.invoiceId(), lineCount, dayCount, problems);
  }

  private static void checkPeriodAndStatus(
      Invoice invoice, InvoiceProvenance provenance, List<String> problems) {
    if (!Objects.equals(invoice.periodStart(), provenance.periodStart())
        || !Objects.equals(invoice.periodEnd(), provenance.periodEnd())) {
      problems.add(
          "the invoice is for "
              + invoice.periodStart()
              + " to "
              + invoice.periodEnd()
              + " but the provenance explains "
              + provenance.periodStart()
              + " to "
              + provenance.periodEnd());
    }
    String status = invoice.status() == null ? null : invoice.status().raw();
    if (!Objects.equals(status, provenance.status())) {
      problems.add(
          "the invoice is " + status + " but the provenance explains a " + provenance.status());
    }
  }

  /**
   * The adjustments the invoice shows must be the provenance's, as capped by the billing model's
   * rule, then the credits pair. {@code sums} holds the item totals per currency so far.
   */
  private static void checkAdjustments(
      Invoice invoice,
      InvoiceProvenance provenance,
      BigDecimal drawn,
      Map<String, BigDecimal> sums,
      List<String> problems) {
    List<String> expected = new ArrayList<>();
    BigDecimal due = sums.getOrDefault(USD, BigDecimal.ZERO);
    for (AdjustmentRow row : provenance.adjustments()) {
      if (row.requested().signum() > 0) {
        due = due.add(row.requested());
      }
    }
    for (AdjustmentRow row : provenance.adjustments()) {
      BigDecimal applied = row.requested();
      if (row.requested().signum() < 0) {
        applied = row.requested().max(due.negate());
        due = due.add(applied);
      }
      if (applied.compareTo(row.applied()) != 0) {
        problems.add(
            "adjustment \""
                + row.name()
                + "\": the provenance says "
                + plain(row.applied())
                + " applied of "
                + plain(row.requested())
                + ", but the billing model's cap gives "
                + plain(applied));
      }
      expected.add(shown(row.name(), applied, USD));
    }
    if (drawn.signum() != 0) {
      expected.add(shown(InvoiceAdjustment.CREDITS_APPLIED, drawn.negate(), USD));
      expected.add(shown(InvoiceAdjustment.CREDITS_APPLIED, drawn, CREDITS));
    }
    List<String> actual =
        invoice.adjustments().stream()
            .map(a -> shown(a.name(), a.amount().amount(), a.amount().currency().raw()))
            .toList();
    if (!actual.equals(expected)) {
      problems.add(
          "the invoice's adjustments are " + actual + " but its provenance explains " + expected);
    }
  }

  private static String shown(String name, BigDecimal amount, String currency) {
    String value = amount.signum() == 0 ? "0" : plain(amount.stripTrailingZeros());
    return "\"" + name + "\" " + value + " " + currency;
  }

  private static void checkLine(
      String where, InvoiceItem item, LineItem shown, LineProvenance line, List<String> problems) {
    if (!line.clusterId().equals(item.cluster().id())) {
      problems.add(where + ": the provenance is of cluster " + line.clusterId());
    }
    if (!Objects.equals(item.cluster().name(), line.clusterName())) {
      problems.add(
          where
              + ": cluster name "
              + item.cluster().name()
              + " on the invoice, "
              + line.clusterName()
              + " in the provenance");
    }
    if (!Objects.equals(shown.description(), line.description())
        || !Objects.equals(
            shown.quantityUnit() == null ? null : shown.quantityUnit().raw(),
            line.quantityUnit())) {
      problems.add(
          where
              + ": "
              + shown.description()
              + " in "
              + (shown.quantityUnit() == null ? null : shown.quantityUnit().raw())
              + " on the invoice, "
              + line.description()
              + " in "
              + line.quantityUnit()
              + " in the provenance");
    }
    if (!shown.total().currency().raw().equals(USD)) {
      problems.add(
          where + ": a total in " + shown.total().currency().raw() + "; usage is charged in USD");
    }
    if (line.unitCost().compareTo(shown.unitCost()) != 0) {
      problems.add(
          where
              + ": unit cost "
              + plain(shown.unitCost())
              + " on the invoice, "
              + plain(line.unitCost())
              + " in the provenance");
    }
    BigDecimal quantity = BigDecimal.ZERO;
    BigDecimal amount = BigDecimal.ZERO;
    BigDecimal exactSoFar = BigDecimal.ZERO;
    BigDecimal billedSoFar = BigDecimal.ZERO;
    for (DayRow day : line.days()) {
      quantity = quantity.add(day.quantity());
      amount = amount.add(day.amount());
      if (day.unitCost().compareTo(shown.unitCost()) != 0) {
        problems.add(where + " on " + day.day() + ": unit cost " + plain(day.unitCost()));
      }
      exactSoFar = exactSoFar.add(day.quantity().multiply(shown.unitCost()));
      BigDecimal billedThroughDay = cents(exactSoFar);
      BigDecimal share = billedThroughDay.subtract(billedSoFar);
      billedSoFar = billedThroughDay;
      if (share.compareTo(day.amount()) != 0) {
        problems.add(
            where
                + " on "
                + day.day()
                + ": the day's amount is "
                + plain(day.amount())
                + " but its share of the line is "
                + plain(share));
      }
    }
    if (quantity.compareTo(shown.quantity()) != 0) {
      problems.add(
          where
              + ": quantity "
              + plain(shown.quantity())
              + " but its days add up to "
              + plain(quantity));
    }
    BigDecimal total = cents(shown.quantity().multiply(shown.unitCost()));
    if (total.compareTo(shown.total().amount()) != 0) {
      problems.add(
          where
              + ": total "
              + plain(shown.total().amount())
              + " but quantity × unit cost rounds to "
              + plain(total));
    }
    if (amount.compareTo(shown.total().amount()) != 0) {
      problems.add(
          where
              + ": total "
              + plain(shown.total().amount())
              + " but its days add up to "
              + plain(amount));
    }
  }

  /** The billing model's one rounding: to whole cents, half to even. */
  private static BigDecimal cents(BigDecimal exact) {
    return exact.setScale(2, RoundingMode.HALF_EVEN);
  }

  private static String where(int item, int line) {
    return "invoice_items[" + item + "].line_items[" + line + "]";
  }

  private static String plain(BigDecimal value) {
    return value.toPlainString();
  }
}
