package dev.tally.engine;

import dev.tally.model.CalendarDay;
import dev.tally.model.QuantityUnit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One version of a SKU's list price: from {@code effectiveFrom} (a UTC day, inclusive) until the
 * next version of the same SKU takes over. A SKU's description and unit are the same in all its
 * versions; only the price changes.
 *
 * <p>The unit price is exact (USD per one {@code quantityUnit}) and kept in canonical form, so
 * {@code 0.10} and {@code 0.1} are the same price.
 */
public record Price(
    String sku,
    String description,
    QuantityUnit quantityUnit,
    BigDecimal unitPrice,
    LocalDate effectiveFrom) {

  public Price {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(quantityUnit, "quantity_unit");
    Objects.requireNonNull(unitPrice, "unit_price");
    Objects.requireNonNull(effectiveFrom, "effective_from");
    if (sku.isBlank()) {
      throw new IllegalArgumentException("sku must not be blank");
    }
    if (description.isBlank()) {
      throw new IllegalArgumentException("description must not be blank");
    }
    if (quantityUnit == QuantityUnit.UNKNOWN) {
      throw new IllegalArgumentException("quantity_unit must be a known unit, not UNKNOWN");
    }
    unitPrice = UnitPrices.requireValid(unitPrice);
  }

  public static Price of(
      String sku, String description, QuantityUnit unit, String unitPrice, String effectiveFrom) {
    return new Price(
        sku, description, unit, new BigDecimal(unitPrice), CalendarDay.parse(effectiveFrom));
  }

  /** This SKU at another unit price, as a contract override sets it. */
  Price at(BigDecimal otherUnitPrice, LocalDate otherEffectiveFrom) {
    return new Price(sku, description, quantityUnit, otherUnitPrice, otherEffectiveFrom);
  }
}
