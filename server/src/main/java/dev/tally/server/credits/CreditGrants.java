package dev.tally.server.credits;

import dev.tally.engine.CreditDraw;
import dev.tally.engine.CreditGrant;
import dev.tally.engine.GrantBalance;
import dev.tally.model.BillingPeriod;
import dev.tally.server.errors.Failure;
import dev.tally.server.orgs.IdRules;
import dev.tally.server.store.JdbcColumns;
import dev.tally.server.store.Transaction;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Owner of {@code credit_grants} and {@code credit_draws}: prepaid credits in CRDB_CLOUD_CREDITS,
 * and what finalized invoices drew from them. A grant's balance at a period's start is its amount
 * less every draw of earlier finalized periods.
 */
public final class CreditGrants {

  private final Transaction db;

  public CreditGrants(Transaction db) {
    this.db = db;
  }

  /**
   * Grants credits to an organization.
   *
   * @param amount positive, whole cents
   * @param startsAt first instant the grant may be drawn (inclusive)
   * @param expiresAt end of the grant (exclusive); after {@code startsAt}
   * @throws Failure INVALID_ARGUMENT for a bad amount or span, NOT_FOUND for an unknown
   *     organization, FAILED_PRECONDITION for a grant starting before the organization's billing
   *     start
   */
  public CreditGrant grant(
      String organizationId, BigDecimal amount, Instant startsAt, Instant expiresAt, Instant now)
      throws SQLException {
    if (amount.signum() <= 0) {
      throw Failure.invalid(
          "a credit grant's amount must be positive, got " + amount.toPlainString());
    }
    BigDecimal cents = Amounts.require("a credit grant's amount", amount);
    if (!expiresAt.isAfter(startsAt)) {
      throw Failure.invalid("a credit grant must expire after it starts");
    }
    var org = db.organizations().require(organizationId);
    db.organizations().touch(organizationId);
    if (startsAt.isBefore(org.firstPeriod().start())) {
      throw Failure.failedPrecondition(
          "organization "
              + organizationId
              + " is billed from "
              + org.billingStart()
              + "; a credit grant cannot start before that, got "
              + startsAt);
    }
    CreditGrant grant = new CreditGrant(IdRules.random(), cents, startsAt, expiresAt);
    try (PreparedStatement s =
        db.prepare(
            "INSERT INTO credit_grants"
                + " (id, organization_id, amount, starts_at, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, grant.id());
      s.setString(2, organizationId);
      s.setBigDecimal(3, grant.amount());
      JdbcColumns.setInstant(s, 4, startsAt);
      JdbcColumns.setInstant(s, 5, expiresAt);
      JdbcColumns.setInstant(s, 6, now);
      s.executeUpdate();
    }
    return grant;
  }

  /** The organization's grants in the order they are drawn: earliest expiry first. */
  public List<CreditGrant> list(String organizationId) throws SQLException {
    List<CreditGrant> grants = new ArrayList<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT id, amount, starts_at, expires_at FROM credit_grants"
                + " WHERE organization_id = ? ORDER BY expires_at, starts_at, id")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          grants.add(
              new CreditGrant(
                  rows.getString("id"),
                  rows.getBigDecimal("amount").setScale(2),
                  JdbcColumns.getInstant(rows, "starts_at"),
                  JdbcColumns.getInstant(rows, "expires_at")));
        }
      }
    }
    return grants;
  }

  /**
   * Every grant of the organization with its balance before {@code period} (finalized draws only).
   */
  public List<GrantBalance> balancesBefore(String organizationId, BillingPeriod period)
      throws SQLException {
    Map<String, BigDecimal> drawn = new HashMap<>();
    try (PreparedStatement s =
        db.prepare(
            "SELECT grant_id, SUM(amount) AS drawn FROM credit_draws"
                + " WHERE organization_id = ? AND period_start < ? GROUP BY grant_id")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(period.firstDay()));
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          drawn.put(rows.getString("grant_id"), rows.getBigDecimal("drawn"));
        }
      }
    }
    return balances(list(organizationId), drawn);
  }

  /**
   * Credits that finalized invoices drew for usage on the UTC days {@code [from, to]} (both
   * inclusive), in whole cents; {@code 0.00} when none.
   */
  public BigDecimal drawnOn(String organizationId, LocalDate from, LocalDate to)
      throws SQLException {
    try (PreparedStatement s =
        db.prepare(
            "SELECT SUM(amount) AS drawn FROM credit_draws"
                + " WHERE organization_id = ? AND usage_day >= ? AND usage_day <= ?")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(from));
      s.setDate(3, Date.valueOf(to));
      try (ResultSet rows = s.executeQuery()) {
        BigDecimal drawn = rows.next() ? rows.getBigDecimal("drawn") : null;
        return drawn == null ? BigDecimal.ZERO.setScale(2) : drawn.setScale(2);
      }
    }
  }

  /**
   * Every draw the organization's finalized periods recorded (what later periods' balances
   * subtract), by period, each period's by grant and day. One organization's draws: at most one per
   * grant and day.
   *
   * @throws IllegalArgumentException for a stored draw the engine refuses (not positive whole
   *     cents): possible only when the table was changed behind Tally's back
   */
  public Map<BillingPeriod, List<CreditDraw>> drawsByPeriod(String organizationId)
      throws SQLException {
    Map<BillingPeriod, List<CreditDraw>> draws = new TreeMap<>(BY_MONTH);
    try (PreparedStatement s =
        db.prepare(
            "SELECT period_start, grant_id, usage_day, amount FROM credit_draws"
                + " WHERE organization_id = ? ORDER BY period_start, grant_id, usage_day")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          draws
              .computeIfAbsent(
                  BillingPeriod.containing(rows.getObject(1, LocalDate.class)),
                  p -> new ArrayList<>())
              .add(
                  new CreditDraw(
                      rows.getString(2),
                      rows.getObject(3, LocalDate.class),
                      rows.getBigDecimal(4)));
        }
      }
    }
    return draws;
  }

  private static final Comparator<BillingPeriod> BY_MONTH =
      Comparator.comparing(BillingPeriod::month);

  /**
   * Each grant with its balance after {@code drawn} (by grant id) was taken from it: the rule
   * {@link #balancesBefore} applies, for callers that hold the draws already.
   */
  public static List<GrantBalance> balances(
      List<CreditGrant> grants, Map<String, BigDecimal> drawn) {
    List<GrantBalance> balances = new ArrayList<>();
    for (CreditGrant grant : grants) {
      BigDecimal remaining =
          grant.amount().subtract(drawn.getOrDefault(grant.id(), BigDecimal.ZERO));
      balances.add(new GrantBalance(grant, remaining.max(BigDecimal.ZERO).setScale(2)));
    }
    return balances;
  }

  /** Records a finalized period's draws; part of the period close's transaction. */
  public void recordDraws(String organizationId, BillingPeriod period, List<CreditDraw> draws)
      throws SQLException {
    if (draws.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        db.prepare(
            "INSERT INTO credit_draws"
                + " (grant_id, usage_day, organization_id, period_start, amount) VALUES (?, ?, ?, ?, ?)")) {
      for (CreditDraw draw : draws) {
        s.setString(1, draw.grantId());
        s.setDate(2, Date.valueOf(draw.day()));
        s.setString(3, organizationId);
        s.setDate(4, Date.valueOf(period.firstDay()));
        s.setBigDecimal(5, draw.amount());
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
