package dev.tally.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Wire-model values for the tests: a cluster with labels, and an invoice of two clusters. */
final class Samples {

  private Samples() {}

  static Cluster cluster(String id, String name, Map<String, String> labels) {
    return new Cluster(
        id,
        name,
        "v24.1.0",
        OpenEnum.of(ClusterUpgradeStatus.FINALIZED),
        OpenEnum.of(Plan.STANDARD),
        OpenEnum.of(CloudProvider.AWS),
        null,
        OpenEnum.of(ClusterState.CREATED),
        null,
        OpenEnum.of(ClusterStatus.UNSPECIFIED),
        null,
        List.of(),
        null,
        labels,
        false,
        null,
        Instant.parse("2026-01-05T10:00:00Z"),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static InvoiceItem item(Cluster cluster, String total) {
    LineItem line =
        new LineItem(
            "Request Units",
            new BigDecimal("150000000"),
            OpenEnum.of(QuantityUnit.REQUEST_UNITS),
            new BigDecimal("0.00000025"),
            CurrencyAmount.usd(total));
    return new InvoiceItem(cluster, List.of(line), List.of(CurrencyAmount.usd(total)));
  }

  static Invoice draft() {
    return new Invoice(
        "inv_acme_2026-10",
        Instant.parse("2026-10-01T00:00:00Z"),
        Instant.parse("2026-11-01T00:00:00Z"),
        OpenEnum.of(InvoiceStatus.DRAFT),
        List.of(CurrencyAmount.usd("75.00")),
        List.of(CurrencyAmount.of(new BigDecimal("400.00"), Currency.CRDB_CLOUD_CREDITS)),
        List.of(new InvoiceAdjustment("Premium support", CurrencyAmount.usd("0.00"))),
        List.of(
            item(cluster("c-2", "checkout", Map.of("team", "pay")), "37.50"),
            item(cluster("c-1", "analytics", Map.of()), "37.50")),
        List.of());
  }
}
