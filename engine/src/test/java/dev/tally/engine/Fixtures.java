package dev.tally.engine;

import dev.tally.model.CloudProvider;
import dev.tally.model.Cluster;
import dev.tally.model.ClusterState;
import dev.tally.model.ClusterStatus;
import dev.tally.model.ClusterUpgradeStatus;
import dev.tally.model.Currency;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.Invoice;
import dev.tally.model.InvoiceAdjustment;
import dev.tally.model.InvoiceItem;
import dev.tally.model.LineItem;
import dev.tally.model.OpenEnum;
import dev.tally.model.Plan;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders shared by the engine's tests. */
final class Fixtures {

  private Fixtures() {}

  static Cluster cluster(String id, String name) {
    return new Cluster(
        id,
        name,
        "v24.1.0",
        OpenEnum.of(ClusterUpgradeStatus.FINALIZED),
        OpenEnum.of(Plan.STANDARD),
        OpenEnum.of(CloudProvider.GCP),
        null,
        OpenEnum.of(ClusterState.CREATED),
        "creator",
        OpenEnum.of(ClusterStatus.UNSPECIFIED),
        null,
        List.of(),
        "",
        Map.of(),
        false,
        null,
        Instant.parse("2024-01-01T00:00:00Z"),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static Map<String, Cluster> clusters(Cluster... clusters) {
    Map<String, Cluster> byId = new LinkedHashMap<>();
    for (Cluster c : clusters) {
      byId.put(c.id(), c);
    }
    return byId;
  }

  /** The same quantity of a SKU on every day from {@code first} to {@code last}, inclusive. */
  static List<DailyUsage> everyDay(
      String clusterId, String sku, String first, String last, String quantity) {
    List<DailyUsage> rows = new ArrayList<>();
    for (LocalDate d = LocalDate.parse(first);
        !d.isAfter(LocalDate.parse(last));
        d = d.plusDays(1)) {
      rows.add(DailyUsage.of(clusterId, sku, d, quantity));
    }
    return rows;
  }

  static CurrencyAmount usd(String amount) {
    return CurrencyAmount.of(new BigDecimal(amount), Currency.USD);
  }

  static CurrencyAmount credits(String amount) {
    return CurrencyAmount.of(new BigDecimal(amount), Currency.CRDB_CLOUD_CREDITS);
  }

  static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }

  static InvoiceItem item(Invoice invoice, String clusterName) {
    return invoice.invoiceItems().stream()
        .filter(i -> i.cluster().name().equals(clusterName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no item for cluster " + clusterName));
  }

  /** A line as the engine writes it: canonical quantity and unit cost, USD total. */
  static LineItem line(
      String description,
      dev.tally.model.QuantityUnit unit,
      String quantity,
      String unitCost,
      String total) {
    return new LineItem(
        description,
        new BigDecimal(quantity),
        OpenEnum.of(unit),
        new BigDecimal(unitCost),
        usd(total));
  }

  static InvoiceAdjustment adjustment(String name, CurrencyAmount amount) {
    return new InvoiceAdjustment(name, amount);
  }
}
