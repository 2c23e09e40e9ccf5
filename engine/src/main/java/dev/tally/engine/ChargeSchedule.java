package dev.tally.engine;

import dev.tally.model.BillingPeriod;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * The USD owed for each day of a period, in whole cents, as credits see it: usage charges on the
 * day they were incurred, organization-level charges on the first day, and discounts taken off from
 * the first day forward. Working state of a single rating, never shared.
 */
final class ChargeSchedule {

  private final BillingPeriod period;
  private final BigDecimal[] owed;

  ChargeSchedule(BillingPeriod period) {
    this.period = period;
    this.owed = new BigDecimal[period.lengthInDays()];
    Arrays.fill(owed, Cents.ZERO);
  }

  void charge(LocalDate day, BigDecimal amount) {
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("a charge cannot be negative: " + amount);
    }
    owed[index(day)] = owed[index(day)].add(amount);
  }

  /**
   * Takes up to {@code amount} off what is owed, earliest day first, never below zero.
   *
   * @return the part of the discount that applied: {@code amount}, or all that was owed if less
   */
  BigDecimal discount(BigDecimal amount) {
    BigDecimal left = amount;
    for (int i = 0; i < owed.length && left.signum() > 0; i++) {
      BigDecimal taken = owed[i].min(left);
      owed[i] = owed[i].subtract(taken);
      left = left.subtract(taken);
    }
    return amount.subtract(left);
  }

  /** Records a payment of part of a day's charges (by credits). */
  void pay(LocalDate day, BigDecimal amount) {
    int i = index(day);
    if (amount.compareTo(owed[i]) > 0) {
      throw new IllegalArgumentException(
          "paying " + amount + " on " + day + " when " + owed[i] + " is owed");
    }
    owed[i] = owed[i].subtract(amount);
  }

  BigDecimal owedOn(LocalDate day) {
    return owed[index(day)];
  }

  BigDecimal total() {
    return Arrays.stream(owed).reduce(Cents.ZERO, BigDecimal::add);
  }

  BillingPeriod period() {
    return period;
  }

  private int index(LocalDate day) {
    if (!period.contains(day)) {
      throw new IllegalArgumentException(day + " is outside " + period);
    }
    return day.getDayOfMonth() - 1;
  }
}
