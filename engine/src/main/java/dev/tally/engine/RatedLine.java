package dev.tally.engine;

import dev.tally.model.Currency;
import dev.tally.model.CurrencyAmount;
import dev.tally.model.LineItem;
import dev.tally.model.OpenEnum;
import dev.tally.model.QuantityUnit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Comparator;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One future line item: a cluster's usage of one SKU at one unit price, kept per day so its charge
 * can be placed on the days it was incurred (credits are drawn day by day).
 */
record RatedLine(
    String clusterId,
    String sku,
    String description,
    QuantityUnit unit,
    BigDecimal unitPrice,
    NavigableMap<LocalDate, BigDecimal> quantityByDay) {

  /** Line items of a cluster: by SKU, then by unit price (so a price rise reads in time order). */
  static final Comparator<RatedLine> LINE_ORDER =
      Comparator.comparing(RatedLine::sku).thenComparing(RatedLine::unitPrice);

  RatedLine {
    quantityByDay = Collections.unmodifiableNavigableMap(new TreeMap<>(quantityByDay));
  }

  BigDecimal quantity() {
    return quantityByDay.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** The line's charge: its exact amount rounded once, here, to cents. */
  BigDecimal total() {
    return Cents.round(quantity().multiply(unitPrice));
  }

  /**
   * The line's total split over its days, in whole cents, by cumulative rounding: a day gets {@code
   * round(exact amount through that day) − round(exact amount through the day before)}. The parts
   * telescope to exactly {@link #total()}, none is negative (rounding is monotone and usage is not
   * negative), and each day's part is within a cent of its exact amount.
   */
  NavigableMap<LocalDate, BigDecimal> centsByDay() {
    NavigableMap<LocalDate, BigDecimal> result = new TreeMap<>();
    BigDecimal exactSoFar = BigDecimal.ZERO;
    BigDecimal billedSoFar = Cents.ZERO;
    for (var day : quantityByDay.entrySet()) {
      exactSoFar = exactSoFar.add(day.getValue().multiply(unitPrice));
      BigDecimal billedThroughDay = Cents.round(exactSoFar);
      result.put(day.getKey(), billedThroughDay.subtract(billedSoFar));
      billedSoFar = billedThroughDay;
    }
    return result;
  }

  LineItem toLineItem() {
    return new LineItem(
        description,
        Decimals.canonical(quantity()),
        OpenEnum.of(unit),
        unitPrice,
        CurrencyAmount.of(total(), Currency.USD));
  }
}
