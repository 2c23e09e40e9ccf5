package dev.tally.client;

import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceItem;
import dev.tally.model.LineItem;
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
 *       currency.
 * </ul>
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
        if (total.currency().raw().equals("USD") && total.amount().compareTo(itemTotal) != 0) {
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

  private static void checkLine(
      String where, InvoiceItem item, LineItem shown, LineProvenance line, List<String> problems) {
    if (!line.clusterId().equals(item.cluster().id())) {
      problems.add(where + ": the provenance is of cluster " + line.clusterId());
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
