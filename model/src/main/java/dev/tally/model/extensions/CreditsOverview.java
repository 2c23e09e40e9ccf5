package dev.tally.model.extensions;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /tally/v1/credits}: the caller's prepaid credits, as of the request.
 *
 * <pre>{@code
 * {"currency": "USD", "available": "123.45", "average_daily_draw_last_30_days": "1.23",
 *  "grants": [{"id": "...", "amount": "500.00", "remaining": "300.00",
 *              "starts_at": "2026-01-01T00:00:00Z", "expires_at": "2027-01-01T00:00:00Z"}]}
 * }</pre>
 *
 * @param currency always {@code USD}: one credit pays one USD
 * @param available credits that can be drawn now: the remaining amounts of the grants active at the
 *     request's instant ({@code starts_at <= now < expires_at}), after the finalized invoices'
 *     draws and the open months' draft draws; a decimal string with two places
 * @param averageDailyDrawLast30Days credits drawn on the 30 UTC days ending with today (today
 *     included; finalized and draft draws), divided by 30, rounded half-even to the cent
 * @param grants every grant, in the order they are drawn: earliest expiry first, then earliest
 *     start, then id
 */
public record CreditsOverview(
    String currency,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal available,
    @JsonProperty("average_daily_draw_last_30_days") @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal averageDailyDrawLast30Days,
    List<CreditGrantBalance> grants) {

  public CreditsOverview {
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(available, "available");
    Objects.requireNonNull(averageDailyDrawLast30Days, "average_daily_draw_last_30_days");
    grants = List.copyOf(Objects.requireNonNullElse(grants, List.of()));
  }
}
