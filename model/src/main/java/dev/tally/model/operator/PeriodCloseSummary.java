package dev.tally.model.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.tally.model.BillingPeriod;
import java.util.Objects;

/**
 * The answer to {@code POST /operator/v1/periods/{YYYY-MM}/close}:
 *
 * <pre>{@code
 * {"period": "2026-10", "closed": 12, "already_closed": 3}
 * }</pre>
 *
 * <p>Closing is idempotent: closing a month again finalizes nothing and counts every organization
 * as already closed.
 *
 * @param period the month closed, written {@code YYYY-MM}
 * @param closed organizations whose month this request finalized
 * @param alreadyClosed organizations whose month was final before (or was finalized meanwhile by
 *     another instance)
 */
public record PeriodCloseSummary(
    @JsonSerialize(using = PeriodJson.Writer.class)
        @JsonDeserialize(using = PeriodJson.Reader.class)
        BillingPeriod period,
    int closed,
    @JsonProperty("already_closed") int alreadyClosed) {

  public PeriodCloseSummary {
    Objects.requireNonNull(period, "period");
  }
}
