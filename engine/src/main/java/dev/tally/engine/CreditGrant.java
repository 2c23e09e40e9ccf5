package dev.tally.engine;

import dev.tally.model.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Prepaid credits given to an organization: {@code amount} CRDB_CLOUD_CREDITS, usable from {@code
 * startsAt} (inclusive) until {@code expiresAt} (exclusive). One credit pays one USD of charges.
 */
public record CreditGrant(String id, BigDecimal amount, Instant startsAt, Instant expiresAt) {

  public CreditGrant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (id.isBlank()) {
      throw new IllegalArgumentException("credit grant id must not be blank");
    }
    if (amount.signum() < 0) {
      throw new IllegalArgumentException(
          "credit grant " + id + ": amount must not be negative, was " + amount.toPlainString());
    }
    amount = Money.requireWholeCents(amount, "credit grant " + id + " amount");
    if (!expiresAt.isAfter(startsAt)) {
      throw new IllegalArgumentException(
          "credit grant "
              + id
              + ": expiresAt "
              + expiresAt
              + " must be after startsAt "
              + startsAt);
    }
  }

  public static CreditGrant of(String id, String amount, String startsAt, String expiresAt) {
    return new CreditGrant(
        id, new BigDecimal(amount), Instant.parse(startsAt), Instant.parse(expiresAt));
  }

  /** Whether the grant can be spent at this instant: {@code startsAt <= instant < expiresAt}. */
  public boolean isActiveAt(Instant instant) {
    return !instant.isBefore(startsAt) && instant.isBefore(expiresAt);
  }

  /**
   * Whether the grant can pay for charges incurred on this UTC day: it is active at some instant of
   * the day. Usage is only known per day, so a day is covered whole or not at all; grants that
   * start and expire at midnight UTC (the usual case) cover exactly the days they span.
   */
  public boolean isActiveOn(LocalDate day) {
    Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant nextDayStart = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return startsAt.isBefore(nextDayStart) && expiresAt.isAfter(dayStart);
  }
}
