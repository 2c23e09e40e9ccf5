package dev.tally.server.testing;

import dev.tally.model.Cluster;
import dev.tally.model.Currency;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceItem;
import dev.tally.model.InvoiceStatus;
import dev.tally.model.LineItem;
import dev.tally.model.OpenEnum;
import dev.tally.model.Plan;
import dev.tally.model.QuantityUnit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Plausible, internally consistent invoices for a month: per-cluster line items whose totals add
 * up, a support adjustment, and USD totals. Deterministic for a given seed, so reruns match.
 */
public final class SampleInvoices {

  private SampleInvoices() {}

  public static Invoice forMonth(
      String invoiceId, YearMonth month, InvoiceStatus status, List<Cluster> clusters, long seed) {
    Random random = new Random(seed ^ month.hashCode());
    List<InvoiceItem> items = new ArrayList<>();
    BigDecimal sum = BigDecimal.ZERO;
    for (Cluster cluster : clusters.stream().sorted(Comparator.comparing(Cluster::name)).toList()) {
      List<LineItem> lines = linesFor(cluster, month, random);
      BigDecimal itemTotal =
          lines.stream().map(l -> l.total().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
      items.add(
          new InvoiceItem(cluster, lines, List.of(CurrencyAmount.of(itemTotal, Currency.USD))));
      sum = sum.add(itemTotal);
    }
    InvoiceAdjustment support =
        new InvoiceAdjustment("Premium support", CurrencyAmount.usd("100.00"));
    BigDecimal total = sum.add(support.amount().amount());
    return new Invoice(
        invoiceId,
        new dev.tally.model.BillingPeriod(month).start(),
        new dev.tally.model.BillingPeriod(month).end(),
        OpenEnum.of(status),
        List.of(CurrencyAmount.of(total, Currency.USD)),
        List.of(CurrencyAmount.of(BigDecimal.ZERO.setScale(2), Currency.CRDB_CLOUD_CREDITS)),
        List.of(support),
        items,
        List.of());
  }

  private static List<LineItem> linesFor(Cluster cluster, YearMonth month, Random random) {
    long hours = month.lengthOfMonth() * 24L;
    if (cluster.plan().is(Plan.ADVANCED)) {
      int nodes = cluster.regions().stream().mapToInt(r -> r.nodeCount()).sum();
      return List.of(
          line(
              "Advanced compute, 4 vCPU node",
              BigDecimal.valueOf(nodes * hours),
              QuantityUnit.HOURS,
              "0.6300"),
          line(
              "Advanced storage",
              BigDecimal.valueOf(nodes * 150L * hours),
              QuantityUnit.GIB_HOURS,
              "0.000411"),
          line(
              "Data transfer, cross-region",
              BigDecimal.valueOf(200 + random.nextInt(400)),
              QuantityUnit.GIB,
              "0.02"));
    }
    if (cluster.plan().is(Plan.STANDARD)) {
      return List.of(
          line(
              "Standard provisioned compute",
              BigDecimal.valueOf(4 * hours),
              QuantityUnit.VCPU_HOURS,
              "0.18"),
          line(
              "Standard storage",
              BigDecimal.valueOf((40 + random.nextInt(20)) * hours),
              QuantityUnit.GIB_HOURS,
              "0.000685"));
    }
    return List.of(
        line(
            "Basic request units",
            BigDecimal.valueOf(20_000_000L + random.nextInt(30_000_000)),
            QuantityUnit.REQUEST_UNITS,
            "0.0000002"),
        line(
            "Basic storage",
            BigDecimal.valueOf((5 + random.nextInt(10)) * hours),
            QuantityUnit.GIB_HOURS,
            "0.000685"));
  }

  private static LineItem line(
      String description, BigDecimal quantity, QuantityUnit unit, String unitCost) {
    BigDecimal cost = new BigDecimal(unitCost);
    BigDecimal total = quantity.multiply(cost).setScale(2, RoundingMode.HALF_EVEN);
    return new LineItem(
        description, quantity, OpenEnum.of(unit), cost, CurrencyAmount.of(total, Currency.USD));
  }
}
