package dev.tally.model.operator;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.tally.model.BillingPeriod;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The body of {@code POST /operator/v1/organizations/{organization_id}/adjustments}: a named charge
 * (positive) or credit (negative) on one month's invoice.
 *
 * <pre>{@code
 * {"period": "2026-11", "name": "Premium support", "amount": 100.00}
 * }</pre>
 *
 * <p>The server requires a whole-cents amount ({@link dev.tally.model.Money}), a non-blank name and
 * an open month, and answers 400 otherwise.
 *
 * @param period the month whose invoice it goes on, written {@code YYYY-MM}
 * @param name shown on the invoice
 * @param amount USD in whole cents, negative for a discount; a JSON number on the wire
 */
public record AdjustmentRequest(
    @JsonSerialize(using = PeriodJson.Writer.class)
        @JsonDeserialize(using = PeriodJson.Reader.class)
        BillingPeriod period,
    String name,
    BigDecimal amount) {

  public AdjustmentRequest {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(amount, "amount");
  }
}
