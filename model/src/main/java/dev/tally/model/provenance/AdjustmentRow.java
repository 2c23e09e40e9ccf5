package dev.tally.model.provenance;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One adjustment an operator entered for the invoice's month (not the "Credits applied" pair, which
 * the credit draws explain), as entered and as it applied (docs/billing-model.md, "Adjustments").
 * Both amounts are USD, whole cents.
 *
 * @param name as on the invoice
 * @param requested as entered: positive for a charge, negative for a discount
 * @param applied as on the invoice: a charge as entered; a discount capped so that the USD total
 *     never goes below zero, so between {@code requested} and 0
 */
public record AdjustmentRow(
    String name,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal requested,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal applied) {

  public AdjustmentRow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(applied, "applied");
  }
}
