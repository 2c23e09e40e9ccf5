package dev.tally.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The credit side of one period: each grant's balance at the period's start and the draws made in
 * the period. It cannot hold an impossible state: every draw is from a known grant that is active
 * on the draw's day, and no grant gives more than it had.
 *
 * <p>When an invoice is finalized the server persists {@link #draws()} (or their per-grant sums,
 * {@link #drawnByGrant()}); {@link #closing()} is then the next period's opening.
 */
public record CreditLedger(List<GrantBalance> opening, List<CreditDraw> draws) {

  public CreditLedger {
    opening = List.copyOf(opening);
    draws = List.copyOf(draws);
    Map<String, GrantBalance> byId = new HashMap<>();
    for (GrantBalance balance : opening) {
      if (byId.put(balance.grantId(), balance) != null) {
        throw new IllegalArgumentException(
            "credit grant " + balance.grantId() + " is listed twice");
      }
    }
    Map<String, BigDecimal> drawn = new HashMap<>();
    for (CreditDraw draw : draws) {
      GrantBalance balance = byId.get(draw.grantId());
      if (balance == null) {
        throw new IllegalArgumentException("draw from unknown credit grant " + draw.grantId());
      }
      if (!balance.grant().isActiveOn(draw.day())) {
        throw new IllegalArgumentException(
            "draw from credit grant "
                + draw.grantId()
                + " on "
                + draw.day()
                + ", when it is not active");
      }
      BigDecimal total = drawn.merge(draw.grantId(), draw.amount(), BigDecimal::add);
      if (total.compareTo(balance.remaining()) > 0) {
        throw new IllegalArgumentException(
            "draws from credit grant "
                + draw.grantId()
                + " total "
                + total.toPlainString()
                + ", more than its remaining "
                + balance.remaining().toPlainString());
      }
    }
  }

  /** All credits drawn in the period, in whole cents. */
  public BigDecimal totalDrawn() {
    return draws.stream().map(CreditDraw::amount).reduce(Cents.ZERO, BigDecimal::add);
  }

  /** Credits drawn from one grant in the period ({@code 0.00} if none or unknown). */
  public BigDecimal drawnFrom(String grantId) {
    return draws.stream()
        .filter(d -> d.grantId().equals(grantId))
        .map(CreditDraw::amount)
        .reduce(Cents.ZERO, BigDecimal::add);
  }

  /**
   * Per grant, in opening order, the credits drawn in the period; grants not drawn from are left
   * out.
   */
  public Map<String, BigDecimal> drawnByGrant() {
    Map<String, BigDecimal> result = new LinkedHashMap<>();
    Set<String> drawnFrom = new HashSet<>();
    draws.forEach(d -> drawnFrom.add(d.grantId()));
    for (GrantBalance balance : opening) {
      if (drawnFrom.contains(balance.grantId())) {
        result.put(balance.grantId(), drawnFrom(balance.grantId()));
      }
    }
    return result;
  }

  /** Each grant's balance after the period's draws, in opening order. */
  public List<GrantBalance> closing() {
    return opening.stream()
        .map(b -> new GrantBalance(b.grant(), b.remaining().subtract(drawnFrom(b.grantId()))))
        .toList();
  }

  /** Credits left, after the draws, in the grants that are active at the instant. */
  public BigDecimal balanceAt(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    return closing().stream()
        .filter(b -> b.grant().isActiveAt(instant))
        .map(GrantBalance::remaining)
        .reduce(Cents.ZERO, BigDecimal::add);
  }
}
