package dev.tally.model.provenance;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One UTC day of one line item: the day's exact quantity, the unit price in force that day and
 * where it came from, and the day's share of the line's total.
 *
 * @param day a UTC day, written {@code yyyy-MM-dd}
 * @param quantity the exact sum of the day's accepted usage, in the line's {@code quantity_unit}
 * @param unitCost USD per unit, in force that day (equal to the line's {@code unit_cost})
 * @param priceSource {@code LIST} (the price book's list price) or {@code CONTRACT} (an override of
 *     the organization's)
 * @param priceEffectiveFrom the UTC day the price version or override took effect
 * @param amount the day's share of the line's total in USD, whole cents: {@code round(exact amount
 *     through this day) − round(exact amount through the day before)}, so the shares add up to the
 *     line's total exactly
 */
public record DayRow(
    LocalDate day,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal quantity,
    @JsonProperty("unit_cost") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitCost,
    @JsonProperty("price_source") String priceSource,
    @JsonProperty("price_effective_from") LocalDate priceEffectiveFrom,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {

  public DayRow {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(unitCost, "unit_cost");
    Objects.requireNonNull(amount, "amount");
  }
}
