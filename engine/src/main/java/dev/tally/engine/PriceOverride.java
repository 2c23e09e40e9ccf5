package dev.tally.engine;

import dev.tally.model.CalendarDay;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Contract pricing: from {@code effectiveFrom} (a UTC day, inclusive) on, the organization pays
 * {@code unitPrice} for the SKU instead of its list price, whatever list price versions come later.
 * A later override for the same organization and SKU replaces an earlier one; overrides have no end
 * date (to end a contract price, add an override at the list price).
 */
public record PriceOverride(
    String organizationId, String sku, BigDecimal unitPrice, LocalDate effectiveFrom) {

  public PriceOverride {
    Objects.requireNonNull(organizationId, "organization_id");
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(unitPrice, "unit_price");
    Objects.requireNonNull(effectiveFrom, "effective_from");
    if (organizationId.isBlank()) {
      throw new IllegalArgumentException("organization_id must not be blank");
    }
    if (sku.isBlank()) {
      throw new IllegalArgumentException("sku must not be blank");
    }
    unitPrice = UnitPrices.requireValid(unitPrice);
  }

  public static PriceOverride of(
      String organizationId, String sku, String unitPrice, String effectiveFrom) {
    return new PriceOverride(
        organizationId, sku, new BigDecimal(unitPrice), CalendarDay.parse(effectiveFrom));
  }
}
