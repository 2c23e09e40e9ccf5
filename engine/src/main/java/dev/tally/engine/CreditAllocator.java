package dev.tally.engine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pays a period's charges with credits, day by day in date order: each day's amount owed is drawn
 * from the grants active that day, the one expiring first first (then the one that started first,
 * then by id), so credits that would lapse soonest are used before longer-lived ones. A day's
 * charges can never use a grant that has expired or not yet started, which is what makes a grant
 * expiring or running out mid-month exact.
 */
final class CreditAllocator {

  /** Which grant pays first: soonest to expire, then oldest, then id for a total order. */
  static final Comparator<GrantBalance> DRAW_ORDER =
      Comparator.comparing((GrantBalance b) -> b.grant().expiresAt())
          .thenComparing(b -> b.grant().startsAt())
          .thenComparing(GrantBalance::grantId);

  private CreditAllocator() {}

  /** Draws credits against the schedule, paying it down as it goes. */
  static CreditLedger allocate(ChargeSchedule schedule, List<GrantBalance> balances) {
    List<GrantBalance> inDrawOrder = balances.stream().sorted(DRAW_ORDER).toList();
    Map<String, BigDecimal> remaining = new HashMap<>();
    balances.forEach(b -> remaining.put(b.grantId(), b.remaining()));
    List<CreditDraw> draws = new ArrayList<>();
    for (LocalDate day : schedule.period().days()) {
      for (GrantBalance balance : inDrawOrder) {
        BigDecimal owed = schedule.owedOn(day);
        if (owed.signum() == 0) {
          break;
        }
        BigDecimal available = remaining.get(balance.grantId());
        if (available.signum() == 0 || !balance.grant().isActiveOn(day)) {
          continue;
        }
        BigDecimal drawn = owed.min(available);
        draws.add(new CreditDraw(balance.grantId(), day, drawn));
        remaining.put(balance.grantId(), available.subtract(drawn));
        schedule.pay(day, drawn);
      }
    }
    return new CreditLedger(balances, draws);
  }
}
