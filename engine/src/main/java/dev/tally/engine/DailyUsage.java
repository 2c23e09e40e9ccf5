package dev.tally.engine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * How much of one SKU one cluster used on one UTC day: the exact sum of the accepted usage events'
 * quantities, as the storage layer keeps it. The unit is the SKU's {@code quantity_unit} in the
 * price book.
 *
 * <p>Because rating only ever sees these per-day sums, the invoice cannot depend on the order or
 * batching in which events arrived. Several rows for the same (cluster, SKU, day) are allowed and
 * are simply added up.
 */
public record DailyUsage(String clusterId, String sku, LocalDate day, BigDecimal quantity) {

  public DailyUsage {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(quantity, "quantity");
    if (clusterId.isBlank()) {
      throw new IllegalArgumentException("clusterId must not be blank");
    }
    if (sku.isBlank()) {
      throw new IllegalArgumentException("sku must not be blank");
    }
    // Usage is a measurement: it cannot be negative. Corrections belong to ingestion, not rating.
    if (quantity.signum() < 0) {
      throw new IllegalArgumentException(
          "usage quantity must not be negative, was "
              + quantity.toPlainString()
              + " (cluster "
              + clusterId
              + ", sku "
              + sku
              + ", day "
              + day
              + ")");
    }
  }

  public static DailyUsage of(String clusterId, String sku, LocalDate day, String quantity) {
    return new DailyUsage(clusterId, sku, day, new BigDecimal(quantity));
  }
}
