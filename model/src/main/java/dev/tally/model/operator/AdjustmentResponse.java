package dev.tally.model.operator;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The answer (201) to {@code POST /operator/v1/organizations/{organization_id}/adjustments}: the
 * adjustment as stored, {@code {"name": "Premium support", "amount": 100.00}}.
 *
 * @param name its name, without surrounding blanks
 * @param amount USD, with scale 2
 */
public record AdjustmentResponse(String name, BigDecimal amount) {

  public AdjustmentResponse {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(amount, "amount");
  }
}
