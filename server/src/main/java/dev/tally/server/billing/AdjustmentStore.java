package dev.tally.server.billing;

import dev.tally.engine.Adjustment;
import dev.tally.model.BillingPeriod;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Named organization-level adjustments of a period, such as a free-tier credit (negative) or a support
 * fee (positive). They are applied in the order they were added, which matters for capped discounts.
 */
public final class AdjustmentStore {

  private final Transactor tx;
  private final Clock clock;

  public AdjustmentStore(Transactor tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
  }

  public Adjustment add(String organizationId, BillingPeriod period, String name, BigDecimal amount) {
    if (name == null || name.isBlank()) {
      throw Failure.invalid("an adjustment needs a name");
    }
    if (amount.stripTrailingZeros().scale() > 2) {
      throw Failure.invalid("an adjustment must be whole cents, got " + amount.toPlainString());
    }
    Adjustment adjustment = new Adjustment(name.strip(), amount.setScale(2));
    tx.write(c -> {
      OrganizationStore.require(c, organizationId);
      requireOpen(c, organizationId, period);
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO adjustments (id, organization_id, period_start, name, amount, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        s.setString(1, Ids.random());
        s.setString(2, organizationId);
        s.setDate(3, Date.valueOf(period.firstDay()));
        s.setString(4, adjustment.name());
        s.setBigDecimal(5, adjustment.amount());
        Rows.setInstant(s, 6, clock.instant());
        s.executeUpdate();
      }
      return null;
    });
    return adjustment;
  }

  public List<Adjustment> forPeriod(Connection c, String organizationId, BillingPeriod period) throws SQLException {
    List<Adjustment> adjustments = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT name, amount FROM adjustments WHERE organization_id = ? AND period_start = ? ORDER BY created_at, id")) {
      s.setString(1, organizationId);
      s.setDate(2, Date.valueOf(period.firstDay()));
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          adjustments.add(new Adjustment(rows.getString("name"), rows.getBigDecimal("amount").setScale(2)));
        }
      }
    }
    return adjustments;
  }

  private static void requireOpen(Connection c, String organizationId, BillingPeriod period) throws SQLException {
    if (!PeriodLocks.lockIfOpen(c, organizationId, period.firstDay())) {
      throw Failure.failedPrecondition("the billing period " + period + " of organization " + organizationId
          + " is closed; its invoice is final");
    }
  }
}
