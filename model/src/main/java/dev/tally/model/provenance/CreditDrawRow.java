package dev.tally.model.provenance;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Credits drawn from one grant to pay the charges of one UTC day.
 *
 * @param grantId the credit grant drawn on
 * @param day the UTC day whose charges it paid
 * @param amount CRDB_CLOUD_CREDITS drawn (one pays one USD), whole cents, positive
 */
public record CreditDrawRow(
    @JsonProperty("grant_id") String grantId,
    LocalDate day,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {

  public CreditDrawRow {
    Objects.requireNonNull(grantId, "grant_id");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(amount, "amount");
  }
}
