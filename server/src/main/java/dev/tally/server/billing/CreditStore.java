package dev.tally.server.billing;

import dev.tally.model.BillingPeriod;
import dev.tally.engine.CreditDraw;
import dev.tally.engine.CreditGrant;
import dev.tally.engine.GrantBalance;
import dev.tally.server.Failure;
import dev.tally.server.orgs.Ids;
import dev.tally.server.orgs.OrganizationStore;
import dev.tally.server.store.Rows;
import dev.tally.server.store.Transactor;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepaid credit grants in CRDB_CLOUD_CREDITS, and what finalized invoices drew from them. A grant's
 * balance at a period's start is its amount less every draw of earlier finalized periods.
 */
public final class CreditStore {

  private final Transactor tx;
  private final Clock clock;

  public CreditStore(Transactor tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  public CreditGrant grant(String organizationId, BigDecimal amount, Instant startsAt, Instant expiresAt) {
    if (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2) {
      throw Failure.invalid("a credit grant's amount must be positive whole cents, got " + amount.toPlainString());
    }
    if (!expiresAt.isAfter(startsAt)) {
      throw Failure.invalid("a credit grant must expire after it starts");
    }
    CreditGrant grant = new CreditGrant(Ids.random(), amount.setScale(2), startsAt, expiresAt);
    tx.write(c -> {
      OrganizationStore.require(c, organizationId);
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO credit_grants (id, organization_id, amount, starts_at, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        s.setString(1, grant.id());
        s.setString(2, organizationId);
        s.setBigDecimal(3, grant.amount());
        Rows.setInstant(s, 4, startsAt);
        Rows.setInstant(s, 5, expiresAt);
        Rows.setInstant(s, 6, clock.instant());
        s.executeUpdate();
      }
      return null;
    });
    return grant;
  }

  /** Every grant of the organization with its balance before {@code period} (draws of finalized periods only). */
  public List<GrantBalance> balancesBefore(Connection c, String organizationId, BillingPeriod period) throws SQLException {
    Map<String, BigDecimal> drawn = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT grant_id, SUM(amount) AS drawn FROM credit_draws WHERE organization_id = ? AND period_start < ? GROUP BY grant_id")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(period.firstDay()));
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          drawn.put(rows.getString("grant_id"), rows.getBigDecimal("drawn"));
        }
      }
    }
    List<GrantBalance> balances = new ArrayList<>();
    for (CreditGrant grant : grants(c, organizationId)) {
      BigDecimal remaining = grant.amount().subtract(drawn.getOrDefault(grant.id(), BigDecimal.ZERO));
      balances.add(new GrantBalance(grant, remaining.max(BigDecimal.ZERO).setScale(2)));
    }
    return balances;
  }

  public List<CreditGrant> grants(String organizationId) {
    return tx.read(c -> grants(c, organizationId));
  }

  private static List<CreditGrant> grants(Connection c, String organizationId) throws SQLException {
    List<CreditGrant> grants = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id, amount, starts_at, expires_at FROM credit_grants WHERE organization_id = ? ORDER BY expires_at, starts_at, id")) {
      s.setString(1, organizationId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          grants.add(new CreditGrant(rows.getString("id"), rows.getBigDecimal("amount").setScale(2),
              Rows.getInstant(rows, "starts_at"), Rows.getInstant(rows, "expires_at")));
        }
      }
    }
    return grants;
  }

  /** Records a finalized period's draws; part of the period close's transaction. */
  void recordDraws(Connection c, String organizationId, BillingPeriod period, List<CreditDraw> draws) throws SQLException {
    if (draws.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO credit_draws (grant_id, usage_day, organization_id, period_start, amount) VALUES (?, ?, ?, ?, ?)")) {
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
