package dev.tally.engine;

import dev.tally.model.Cluster;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Prices usage rows: adds up rows of the same (cluster, SKU, day), prices each day by the price in
 * effect that day for the organization, and groups days with the same (cluster, SKU, unit price)
 * into one {@link RatedLine}. A mid-month price change therefore gives the SKU two lines.
 */
final class UsageRating {

  private UsageRating() {}

  private record DayKey(String clusterId, String sku, LocalDate day) {}

  private record LineKey(String clusterId, String sku, BigDecimal unitPrice) {}

  /**
   * @throws RatingException for usage of a cluster not in the snapshots, outside the period, or of
   *     a SKU with no price on its day
   */
  static List<RatedLine> rate(PriceBook priceBook, RatingInput input) {
    Map<String, Cluster> clusters = input.clusters();
    Map<DayKey, BigDecimal> perDay = new HashMap<>();
    for (DailyUsage row : input.usage()) {
      if (!clusters.containsKey(row.clusterId())) {
        throw new RatingException(
            "usage of cluster "
                + row.clusterId()
                + " (sku "
                + row.sku()
                + ", day "
                + row.day()
                + ") but no snapshot of that cluster was given");
      }
      if (!input.period().contains(row.day())) {
        throw new RatingException(
            "usage on "
                + row.day()
                + " (cluster "
                + row.clusterId()
                + ", sku "
                + row.sku()
                + ") is outside the period "
                + input.period());
      }
      perDay.merge(
          new DayKey(row.clusterId(), row.sku(), row.day()), row.quantity(), BigDecimal::add);
    }

    Map<LineKey, NavigableMap<LocalDate, BigDecimal>> days = new HashMap<>();
    Map<LineKey, Price> prices = new HashMap<>();
    for (var entry : perDay.entrySet()) {
      DayKey key = entry.getKey();
      Price price =
          priceBook
              .priceFor(input.organizationId(), key.sku(), key.day())
              .orElseThrow(
                  () ->
                      new RatingException(
                          "no price for sku "
                              + key.sku()
                              + " on "
                              + key.day()
                              + " (cluster "
                              + key.clusterId()
                              + ", organization "
                              + input.organizationId()
                              + ")"));
      LineKey line = new LineKey(key.clusterId(), key.sku(), price.unitPrice());
      days.computeIfAbsent(line, k -> new TreeMap<>()).put(key.day(), entry.getValue());
      // Versions of a SKU share description and unit, so any version at this price describes the
      // line.
      prices.putIfAbsent(line, price);
    }

    List<RatedLine> lines = new ArrayList<>();
    days.forEach(
        (key, quantities) -> {
          Price price = prices.get(key);
          lines.add(
              new RatedLine(
                  key.clusterId(),
                  key.sku(),
                  price.description(),
                  price.quantityUnit(),
                  key.unitPrice(),
                  quantities));
        });
    return lines;
  }
}
