package dev.tally.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.Objects;

/** One priced quantity on an invoice item, such as "Request Units: 1,200,000 at $0.0000002". */
public record LineItem(
    String description,
    BigDecimal quantity,
    @JsonProperty("quantity_unit") OpenEnum<QuantityUnit> quantityUnit,
    @JsonProperty("unit_cost") BigDecimal unitCost,
    CurrencyAmount total) {

  public LineItem {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(quantityUnit, "quantity_unit");
    Objects.requireNonNull(unitCost, "unit_cost");
    Objects.requireNonNull(total, "total");
  }
}
