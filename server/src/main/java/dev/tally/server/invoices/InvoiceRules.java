package dev.tally.server.invoices;

import dev.tally.model.BillingPeriod;
import dev.tally.model.Currency;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.DecimalInput;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceItem;
import dev.tally.model.LineItem;
import dev.tally.server.errors.Failure;
import dev.tally.server.orgs.IdRules;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What every stored invoice must satisfy, whether it was imported or computed: an addressable id, a
 * calendar-month period in UTC, a known status, known currencies and units, and one item per
 * cluster.
 */
public final class InvoiceRules {

  private InvoiceRules() {}

  /** Checks {@code invoice} and returns it with {@code invoice_items} sorted by cluster name. */
  public static Invoice check(Invoice invoice) {
    String id = invoice.invoiceId();
    if (!IdRules.isValid(id)) {
      IdRules.requireValid("invoice_id", id);
    }
    String where = "invoice " + id + ": ";
    if (invoice.status() == null || !invoice.status().isKnown()) {
      throw Failure.invalid(
          where
              + "status must be FINALIZED or DRAFT, got "
              + (invoice.status() == null ? "nothing" : invoice.status().raw()));
    }
    BillingPeriod month = BillingPeriod.containing(invoice.periodStart());
    if (!invoice.periodStart().equals(month.start()) || !invoice.periodEnd().equals(month.end())) {
      throw Failure.invalid(
          where
              + "the period must be one calendar month in UTC, from "
              + month.start()
              + " to "
              + month.end()
              + "; got "
              + invoice.periodStart()
              + " to "
              + invoice.periodEnd());
    }
    checkAmounts(where + "totals", invoice.totals());
    checkAmounts(where + "balances", invoice.balances());
    invoice
        .adjustments()
        .forEach(a -> checkAmounts(where + "adjustment " + a.name(), List.of(a.amount())));
    Set<String> clusters = new HashSet<>();
    for (InvoiceItem item : invoice.invoiceItems()) {
      String itemWhere = where + "cluster " + item.cluster().id() + ": ";
      if (!clusters.add(item.cluster().id())) {
        throw Failure.invalid(itemWhere + "appears in more than one invoice item");
      }
      checkAmounts(itemWhere + "totals", item.totals());
      for (LineItem line : item.lineItems()) {
        if (!line.quantityUnit().isKnown()) {
          throw Failure.invalid(itemWhere + "unknown quantity_unit " + line.quantityUnit().raw());
        }
        checkAmounts(itemWhere + "line " + line.description(), List.of(line.total()));
      }
    }
    List<InvoiceItem> sorted =
        invoice.invoiceItems().stream()
            .sorted(
                Comparator.comparing((InvoiceItem i) -> i.cluster().name())
                    .thenComparing(i -> i.cluster().id()))
            .toList();
    return new Invoice(
        invoice.invoiceId(),
        invoice.periodStart(),
        invoice.periodEnd(),
        invoice.status(),
        invoice.totals(),
        invoice.balances(),
        invoice.adjustments(),
        sorted,
        invoice.folderResources());
  }

  private static void checkAmounts(String where, List<CurrencyAmount> amounts) {
    Set<Currency> seen = new HashSet<>();
    for (CurrencyAmount amount : amounts) {
      if (!amount.currency().isKnown()) {
        throw Failure.invalid(where + ": unknown currency " + amount.currency().raw());
      }
      try {
        // Whole cents, and within what any stored amount may be.
        DecimalInput.bounded(amount.amount(), 13, 2, where + ": amount");
      } catch (IllegalArgumentException e) {
        throw Failure.invalid(e.getMessage());
      }
      if (where.endsWith("totals") || where.endsWith("balances")) {
        if (!seen.add(amount.currency().value())) {
          throw Failure.invalid(where + ": lists " + amount.currency().raw() + " twice");
        }
      }
    }
  }
}
